"""Tabs this app adds to the patient's record."""

from maillage.patients.tabs import PatientTab, register_tab


def register() -> None:
    from maillage.coordination.permissions import can_use_thread

    register_tab(
        PatientTab(
            "chronologie",
            "Chronologie",
            "coordination:timeline",
            55,
            lambda access, ctx: access.can_read_journal,
        )
    )
    register_tab(
        PatientTab(
            "messages",
            "Messages",
            "coordination:thread",
            65,
            lambda access, ctx: can_use_thread(access),
        )
    )
