"""What every page of a patient's record shares: access check, audit of the read, banner, tabs,
and the display of a refused concurrent edit."""

from __future__ import annotations

from functools import wraps

from django.core.paginator import Paginator
from django.shortcuts import render

from maillage.access.decorators import login_required_404
from maillage.audit import record
from maillage.audit.models import AuditEvent
from maillage.patients import selectors
from maillage.patients.locking import StaleEdit
from maillage.patients.permissions import can_view_access_log, get_patient_access
from maillage.patients.tabs import tabs_for

PAGE_SIZE = 25


def patient_view(view):
    """Login (second factor passed) then the record's access check: `view(request, access, …)`."""

    @login_required_404
    @wraps(view)
    def wrapped(request, public_id, *args, **kwargs):
        access = get_patient_access(request, public_id)
        return view(request, access, *args, **kwargs)

    return wrapped


def audit_read(request, access, tab: str, **details) -> None:
    record(
        "patients.patient.viewed",
        request=request,
        network=access.patient.network,
        target=access.patient,
        patient=access.patient,
        details={"tab": tab, **details},
    )


def render_patient(request, access, tab: str, template: str, context: dict, status: int = 200):
    """Renders a tab of the record (the caller has recorded the read)."""
    banner = selectors.banner(access.patient)
    ctx = {
        "patient": access.patient,
        "access": access,
        "banner": banner,
        "can_view_access_log": can_view_access_log(access, banner["lead_coordinator_id"]),
    }
    ctx["tabs"] = tabs_for(access, ctx, tab)
    ctx["active_tab"] = tab
    ctx.update(context)
    return render(request, template, ctx, status=status)


def paginate(request, rows, number=None, size: int = PAGE_SIZE):
    paginator = Paginator(rows, size)
    return paginator.get_page(number if number is not None else request.GET.get("page"))


def conflict_context(exc: StaleEdit, submitted: dict) -> dict:
    """The other person's change, to show above the re-opened form."""
    last = (
        AuditEvent.objects.filter(target_uuid=exc.current.public_id)
        .order_by("-id")
        .values("actor_label", "at")
        .first()
    )
    return {
        "conflict": {
            "rows": exc.differences(submitted),
            "by": last["actor_label"] if last else "",
            "at": last["at"] if last else None,
        }
    }
