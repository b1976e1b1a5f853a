"""Placeholder dashboard panels, one per role, until the apps register their real panels.

Each placeholder says what this person's dashboard is for and links to the pages that already
exist for their role (links whose URL is not there yet are left out).
"""

from django.urls import NoReverseMatch, reverse

from maillage.core.dashboards import register_panel

# role -> (title, introduction, [(link label, url name)])
PLACEHOLDERS: dict[str, tuple[str, str, list[tuple[str, str]]]] = {
    "reception": (
        "Accueil du guichet unique",
        "Les demandes reçues par téléphone, courriel ou formulaire web à enregistrer et à "
        "orienter s'afficheront ici.",
        [("Demandes à traiter", "intake:queue"), ("Annuaire", "directory:search")],
    ),
    "coordinator": (
        "Ma file active",
        "Vos patients suivis, les tâches du jour et les réévaluations de PPS à venir "
        "s'afficheront ici.",
        [("Mes tâches", "coordination:my_tasks"), ("Patients", "patients:list")],
    ),
    "medical_lead": (
        "Coordination médicale",
        "Les situations complexes qui attendent un avis médical et les PPS à valider "
        "s'afficheront ici.",
        [("Patients", "patients:list"), ("Activité", "reporting:dashboard")],
    ),
    "director": (
        "Pilotage du réseau",
        "L'activité du réseau, la charge des équipes et les alertes de sécurité s'afficheront ici.",
        [("Activité", "reporting:dashboard"), ("Journal d'audit", "audit:search")],
    ),
    "network_admin": (
        "Administration du réseau",
        "Les membres du réseau, leurs rôles et le territoire couvert se gèrent à partir d'ici.",
        [("Territoire", "networks:coverage"), ("Formations", "training:event_list")],
    ),
    "external": (
        "Espace des professionnels partenaires",
        "Les patients dont vous faites partie de l'équipe de soins et les demandes que vous "
        "avez adressées au réseau s'afficheront ici.",
        [("Mes patients", "patients:my_patients"), ("Mes séances", "supportcare:provider_home")],
    ),
}


def _links(entries: list[tuple[str, str]]) -> list[dict]:
    links = []
    for label, url_name in entries:
        try:
            links.append({"label": label, "url": reverse(url_name)})
        except NoReverseMatch:
            continue
    return links


@register_panel
def role_placeholder(request) -> dict | None:
    membership = getattr(request, "membership", None)
    if membership is not None:
        role = membership.role
    elif request.user.is_external:
        role = "external"
    else:
        return None
    title, text, entries = PLACEHOLDERS[role]
    return {
        "title": title,
        "template": "core/panels/placeholder.html",
        "text": text,
        "links": _links(entries),
        "role": role,
    }
