"""Demo library and public site of the main network (fictional contacts, generic content)."""

from maillage.documents import services
from maillage.documents.models import Document, PublicContact, VersionKind

MISSIONS = """Le **DAC Estuaire et Vignoble** aide les professionnels, les personnes malades et
leurs proches quand une situation de santé devient difficile à organiser.

- Nous **écoutons** votre demande et vous orientons vers le bon interlocuteur.
- Nous **évaluons** la situation à domicile, avec le médecin traitant.
- Nous **coordonnons** les intervenants autour d'un plan personnalisé de santé.
- Nous **formons** les professionnels du territoire.

Notre accompagnement est gratuit et se fait avec l'accord de la personne.
"""
HELP = (
    "Professionnel, patient ou proche : appelez-nous du lundi au vendredi, de 9 h à 17 h. "
    "Une coordinatrice vous rappelle sous 48 heures."
)
DOCUMENTS = [
    # title, category, audience, publish, versions (markdown)
    (
        "La chimiothérapie orale à domicile",
        "pathology_sheet",
        "professionals",
        True,
        [
            "## L'essentiel\n\nLe traitement se prend à heure fixe.",
            "## L'essentiel\n\nLe traitement se prend à heure fixe, pendant ou en dehors des "
            "repas selon la molécule.\n\n## Signes d'alerte\n\n- Fièvre supérieure à 38 °C\n"
            "- Diarrhée persistante\n- Mucite empêchant de s'alimenter\n\n"
            "## Qui appeler\n\nLe service d'oncologie prescripteur, puis le médecin traitant.",
        ],
    ),
    (
        "Modèle de plan personnalisé de santé (PPS)",
        "pps_model",
        "internal",
        True,
        [
            "## Structure du PPS\n\n| Problème | Objectif partagé | Action | Qui | Échéance |\n"
            "|---|---|---|---|---|\n| | | | | |\n\nModèle interne, d'après le kit HAS."
        ],
    ),
    (
        "Fiche de liaison ville-hôpital",
        "liaison_sheet",
        "professionals",
        True,
        [
            "## À joindre à toute entrée en hospitalisation\n\n- Médecin traitant et "
            "coordonnées\n- Intervenants à domicile\n- Aidant principal\n- Personne à prévenir"
        ],
    ),
    (
        "Protocole : sortie d'hospitalisation de la personne âgée fragile",
        "protocol",
        "professionals",
        True,
        [
            "## Objet\n\nProtocole organisationnel convenu entre le centre hospitalier, les "
            "infirmiers libéraux et le DAC.\n\n## Étapes\n\n1. Repérage de la fragilité dès "
            "l'admission\n2. Appel du DAC 72 heures avant la sortie\n3. Visite à domicile dans "
            "la semaine qui suit"
        ],
    ),
    (
        "Guide pour les aidants : à qui s'adresser ?",
        "patient_guide",
        "patients",
        True,
        [
            "## Vous accompagnez un proche malade\n\nVous n'êtes pas seul·e. Le médecin "
            "traitant, l'infirmier et notre équipe peuvent vous aider.\n\n## Souffler un peu\n\n"
            "Des solutions de répit existent près de chez vous : parlez-en à notre équipe."
        ],
    ),
    (
        "Extrait d'annuaire : soins de support du territoire",
        "directory_extract",
        "professionals",
        False,
        ["## Soins de support\n\nListe en cours de mise à jour."],
    ),
]


def seed(ctx) -> None:
    network = ctx.networks["main"]
    if Document.objects.filter(network=network).exists():
        return
    author = ctx.users.get("coordination@demo.maillage.fr")
    director = ctx.users.get("direction@demo.maillage.fr") or author
    thematics = list(network.thematics.all()[:2])
    for title, category, audience, publish, versions in DOCUMENTS:
        document = services.document_create(
            actor=author,
            network=network,
            data={"title": title, "summary": "", "category": category, "audience": audience},
            thematics=thematics,
            kind=VersionKind.PAGE,
            markdown=versions[0],
        )
        if publish:
            services.document_version_publish(actor=author, version=document.versions.get())
        for later in versions[1:]:
            version = services.document_version_add(
                actor=author,
                document=document,
                kind=VersionKind.PAGE,
                markdown=later,
                change_note="Ajout des signes d'alerte",
            )
            if publish:
                services.document_version_publish(actor=author, version=version)
    services.site_settings_update(
        actor=director,
        network=network,
        data={
            "is_published": True,
            "tagline": "Appui à la coordination des parcours de santé complexes",
            "meta_description": "DAC Estuaire et Vignoble : appui aux professionnels, aux "
            "patients et aux aidants, formations et documents d'information.",
            "missions": MISSIONS,
            "how_to_get_help": HELP,
            "publish_directory": True,
        },
    )
    for position, (name, role) in enumerate(
        [
            ("Camille Coordination", "Infirmière coordinatrice de parcours"),
            ("Claire Medecin", "Médecin coordonnateur"),
            ("Lucie Accueil", "Accueil et secrétariat"),
        ]
    ):
        PublicContact.objects.create(
            network=network,
            name=name,
            role=role,
            phone=network.phone,
            email=network.email,
            position=position,
        )
    ctx.log(f"Documents : {len(DOCUMENTS)} documents et le site public ({network.name})")
