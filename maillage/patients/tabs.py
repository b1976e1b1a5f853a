"""The patient page's tabs: a registry other apps extend from their AppConfig.ready().

    from maillage.patients.tabs import PatientTab, register_tab
    register_tab(PatientTab(key="pps", label="PPS", url_name="careplans:patient_pps", order=60,
                            visible=lambda access, ctx: access.can_read("medical")))

`visible(access, ctx)` receives the `PatientAccess` of the request and the banner context; the
tab's view does its own access check too (a hidden tab is not a permission).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from maillage.access.matrix import Category
from maillage.core.navigation import url_of


@dataclass(frozen=True)
class PatientTab:
    key: str
    label: str
    url_name: str  # takes the patient's public_id as its only argument
    order: int
    visible: Callable[..., bool]


_TABS: dict[str, PatientTab] = {}


def register_tab(tab: PatientTab) -> None:
    _TABS[tab.key] = tab


def tabs_for(access, ctx: dict, active: str) -> list[dict]:
    items = []
    for tab in sorted(_TABS.values(), key=lambda t: (t.order, t.key)):
        if tab.visible(access, ctx):
            items.append(
                {
                    "key": tab.key,
                    "label": tab.label,
                    "url": url_of(tab.url_name, access.patient.public_id),
                    "active": tab.key == active,
                }
            )
    return items


def register_default_tabs() -> None:
    register_tab(
        PatientTab(
            "identite",
            "Identité",
            "patients:detail",
            10,
            lambda access, ctx: access.can_read(Category.IDENTITY),
        )
    )
    register_tab(
        PatientTab(
            "consentement",
            "Consentement",
            "patients:consents",
            20,
            lambda access, ctx: access.can_read(Category.ADMINISTRATIVE),
        )
    )
    register_tab(
        PatientTab(
            "entourage",
            "Aidants et contacts",
            "patients:carers",
            30,
            lambda access, ctx: access.can_read(Category.CONTACT),
        )
    )
    register_tab(
        PatientTab(
            "equipe",
            "Équipe de soins",
            "patients:care_team",
            40,
            lambda access, ctx: access.can_read(Category.CONTACT),
        )
    )
    register_tab(
        PatientTab(
            "suivi",
            "Inclusion",
            "patients:enrolments",
            50,
            lambda access, ctx: access.can_read(Category.ADMINISTRATIVE),
        )
    )
    register_tab(
        PatientTab(
            "journal",
            "Journal",
            "patients:journal",
            60,
            lambda access, ctx: access.can_read_journal,
        )
    )
    register_tab(
        PatientTab(
            "taches",
            "Tâches",
            "patients:tasks",
            70,
            lambda access, ctx: access.can_manage_tasks,
        )
    )
    register_tab(
        PatientTab(
            "droits",
            "Droits du patient",
            "patients:rights",
            90,
            lambda access, ctx: access.can_export,
        )
    )
    register_tab(
        PatientTab(
            "acces",
            "Qui a consulté",
            "patients:access_log",
            95,
            lambda access, ctx: ctx.get("can_view_access_log", False),
        )
    )
