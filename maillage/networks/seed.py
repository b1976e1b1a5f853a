"""Demo networks and thematics (fictional structures)."""

from maillage.networks.models import Network, NetworkKind, Thematic

THEMATICS = [
    ("cancerologie", "Cancérologie"),
    ("soins-palliatifs", "Soins palliatifs"),
    ("gerontologie", "Gérontologie"),
    ("nutrition", "Nutrition"),
    ("hematologie", "Hématologie"),
    ("addictologie", "Addictologie"),
    ("polyvalent", "Polyvalent"),
]


def seed(ctx) -> None:
    thematics = {}
    for code, label in THEMATICS:
        thematics[code], _ = Thematic.objects.get_or_create(code=code, defaults={"label": label})
    main, _ = Network.objects.get_or_create(
        slug="dac-estuaire",
        defaults={
            "name": "DAC Estuaire et Vignoble",
            "kind": NetworkKind.DAC,
            "address": "12 rue des Tanneurs",
            "postal_code": "44000",
            "city": "Nantes",
            "phone": "02 40 00 00 00",
            "email": "contact@dac-estuaire.example",
        },
    )
    main.thematics.set(thematics.values())
    other, _ = Network.objects.get_or_create(
        slug="reseau-onco-vendee",
        defaults={
            "name": "Réseau Onco Bocage",
            "kind": NetworkKind.RESEAU,
            "postal_code": "85000",
            "city": "La Roche-sur-Yon",
            "email": "contact@onco-bocage.example",
        },
    )
    other.thematics.set([thematics["cancerologie"], thematics["soins-palliatifs"]])
    ctx.networks = {"main": main, "other": other}
    ctx.data["thematics"] = thematics
    ctx.log(f"Réseaux : {main.name}, {other.name}")


def seed_coverage(ctx, communes) -> None:
    """The demo network covers every fixture commune for each of its thematics; the other
    network covers a few of them for oncology (so routing has something to choose)."""
    from maillage.networks.models import Coverage

    main, other = ctx.networks.get("main"), ctx.networks.get("other")
    if main is None:
        return
    for thematic in main.thematics.all():
        existing = set(
            Coverage.objects.filter(network=main, thematic=thematic).values_list(
                "commune_id", flat=True
            )
        )
        Coverage.objects.bulk_create(
            [
                Coverage(network=main, thematic=thematic, commune=c)
                for c in communes
                if c.insee_code not in existing
            ]
        )
    if other is not None:
        onco = ctx.data["thematics"]["cancerologie"]
        for commune in communes[:3]:
            Coverage.objects.get_or_create(network=other, thematic=onco, commune=commune)
    ctx.log(f"Territoire : {len(communes)} communes couvertes par {main.name}")
