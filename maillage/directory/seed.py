"""Demo directory: real communes of Loire-Atlantique (public facts), fictional professionals,
organisations and resources (Faker fr_FR) with identifiers whose keys are valid.

`--scale regional` also writes a synthetic PS_LibreAcces file (var/bench/) for the benchmark;
import it with `manage.py import_rpps` (see bench/directory.py).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from faker import Faker
from stdnum import luhn

from maillage.core.text import normalise
from maillage.directory.communes_fixture import load_communes_44
from maillage.directory.models import (
    Activity,
    IdType,
    Organisation,
    Professional,
    ProfessionalNetworkInfo,
    Resource,
    Source,
)

PROFESSIONS = [
    ("10", "Médecin", "Médecine générale"),
    ("10", "Médecin", "Oncologie médicale"),
    ("10", "Médecin", "Gériatrie"),
    ("60", "Infirmier", ""),
    ("70", "Masseur-Kinésithérapeute", ""),
    ("21", "Pharmacien", ""),
    ("93", "Psychologue", ""),
    ("94", "Diététicien", ""),
]
MANUAL = ["Enseignant en activité physique adaptée", "Sophrologue", "Socio-esthéticienne"]


def _with_key(base: str) -> str:
    return base + luhn.calc_check_digit(base)


def seed(ctx) -> None:
    from maillage.directory.models import Specialty
    from maillage.networks.seed import seed_coverage

    communes = load_communes_44()
    ctx.data["communes"] = communes
    seed_coverage(ctx, communes)
    fake = Faker("fr_FR")
    fake.seed_instance(44)
    rng = ctx.rng
    professionals = []
    for n in range(60):
        code, profession, specialty = PROFESSIONS[n % len(PROFESSIONS)]
        identifier = _with_key(f"1{44_000_000 + n:09d}")
        last, first = fake.last_name().upper(), fake.first_name().upper()
        pro, _ = Professional.objects.update_or_create(
            national_id="8" + identifier,
            defaults={
                "id_type": IdType.RPPS,
                "identifier": identifier,
                "source": Source.IMPORT,
                "practice_civility": "Docteur" if code == "10" else "",
                "last_name": last,
                "first_name": first,
                "search_name": normalise(f"{last} {first}"),
                "profession_code": code,
                "profession": profession,
                "category": "Civil",
            },
        )
        if specialty:
            spec, _ = Specialty.objects.get_or_create(
                code=f"DEMO-{normalise(specialty)[:10]}",
                defaults={"label": specialty, "search_name": normalise(specialty)},
            )
            pro.specialties.add(spec)
        commune = communes[n % len(communes)]
        Activity.objects.update_or_create(
            import_key=f"8{identifier}|DEMO{n}|",
            defaults={
                "professional": pro,
                "source": Source.IMPORT,
                "mode_code": "L" if n % 3 else "S",
                "mode": "Libéral" if n % 3 else "Salarié",
                "name": f"Cabinet {last.title()}",
                "address": fake.street_address(),
                "postal_code": commune.postal_code_list[0],
                "city": commune.name.upper(),
                "commune": commune,
                "commune_code": commune.insee_code,
                "phone": "02 40 " + " ".join(str(rng.randrange(10, 99)) for _ in range(3)),
            },
        )
        professionals.append(pro)
    for n, profession in enumerate(MANUAL):
        last, first = fake.last_name().upper(), fake.first_name().upper()
        if Professional.objects.filter(source=Source.MANUAL, profession=profession).exists():
            continue
        pro = Professional.objects.create(
            source=Source.MANUAL,
            last_name=last,
            first_name=first,
            search_name=normalise(f"{last} {first}"),
            profession=profession,
        )
        Activity.objects.create(
            professional=pro,
            source=Source.MANUAL,
            contact_edited=True,
            name=f"Atelier {fake.city()}",
            commune=communes[n],
            commune_code=communes[n].insee_code,
            city=communes[n].name,
            postal_code=communes[n].postal_code_list[0],
            phone="06 12 34 56 7" + str(n),
        )
        professionals.append(pro)
    main = ctx.networks.get("main")
    if main is not None:
        for pro in professionals[::4]:
            ProfessionalNetworkInfo.objects.get_or_create(
                network=main,
                professional=pro,
                defaults={"is_partner": True, "notes": "Joignable le matin (note de démo)."},
            )
    organisations = []
    for n, (name, category) in enumerate(
        [
            ("Centre hospitalier de démonstration", "Centre Hospitalier (C.H.)"),
            ("EHPAD Les Tilleuls (fictif)", "EHPAD"),
            ("Service de soins infirmiers à domicile (fictif)", "SSIAD"),
            ("Hospitalisation à domicile Estuaire (fictif)", "HAD"),
        ]
    ):
        finess = _with_key(f"44000{n:03d}")
        commune = communes[n]
        org, _ = Organisation.objects.update_or_create(
            finess=finess,
            defaults={
                "name": name,
                "search_name": normalise(name),
                "category": category,
                "source": Source.MANUAL,
                "commune": commune,
                "postal_code": commune.postal_code_list[0],
                "city": commune.name,
                "latitude": commune.latitude + 0.005,
                "longitude": commune.longitude + 0.005,
                "phone": "02 40 00 00 0" + str(n),
            },
        )
        organisations.append(org)
    if main is not None and not Resource.objects.filter(network=main).exists():
        thematics = ctx.data.get("thematics", {})
        resource = Resource.objects.create(
            network=main,
            name="Soins de support après cancer",
            search_name=normalise("Soins de support après cancer " + organisations[0].name),
            organisation=organisations[0],
            audience="Adultes atteints de cancer, pendant et dans l'année après les traitements",
            how_to_refer="Appeler la coordination du réseau",
            referral_phone="02 40 00 00 00",
            opening_hours="Du lundi au vendredi, 9 h – 17 h",
        )
        if "cancerologie" in thematics:
            resource.thematics.add(thematics["cancerologie"])
        resource.area.set(communes[:10])
    if ctx.scale == "regional":
        target = Path(settings.VAR_DIR) / "bench" / "rpps_2300k.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            from maillage.directory.synthetic import generate_rpps_file

            generate_rpps_file(target, 2_300_000)
        ctx.log(f"Fichier RPPS synthétique : {target} (import_rpps {target})")
    ctx.log(f"Annuaire : {len(communes)} communes, {len(professionals)} professionnels")
