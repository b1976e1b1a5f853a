"""Placeholder dashboard panels, one per role, until the apps register their real panels.

Each placeholder says what this person's dashboard is for; the navigation (not repeated here)
holds the links to the pages of their role.
"""

from maillage.core.dashboards import register_panel

# role -> (title, introduction)
PLACEHOLDERS: dict[str, tuple[str, str]] = {
    "reception": (
        "Accueil du guichet unique",
        "Les demandes reçues par téléphone, courriel ou formulaire web à enregistrer et à "
        "orienter s'afficheront ici.",
    ),
    "coordinator": (
        "Ma file active",
        "Vos patients suivis, les tâches du jour et les réévaluations de PPS à venir "
        "s'afficheront ici.",
    ),
    "medical_lead": (
        "Coordination médicale",
        "Les situations complexes qui attendent un avis médical et les PPS à valider "
        "s'afficheront ici.",
    ),
    "director": (
        "Pilotage du réseau",
        "L'activité du réseau, la charge des équipes et les alertes de sécurité s'afficheront ici.",
    ),
    "network_admin": (
        "Administration du réseau",
        "Les membres du réseau, leurs rôles et le territoire couvert se gèrent à partir d'ici.",
    ),
    "external": (
        "Espace des professionnels partenaires",
        "Les patients dont vous faites partie de l'équipe de soins et les demandes que vous "
        "avez adressées au réseau s'afficheront ici.",
    ),
}


@register_panel
def role_placeholder(request) -> dict | None:
    membership = getattr(request, "membership", None)
    if membership is not None:
        role = membership.role
    elif request.user.is_external:
        role = "external"
    else:
        return None
    title, text = PLACEHOLDERS[role]
    return {"title": title, "template": "core/panels/placeholder.html", "text": text, "role": role}
