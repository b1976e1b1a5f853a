"""Caseloads of the network's coordinators, and the external professional's patient list."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from maillage.access.decorators import external_view, staff_required
from maillage.accounts.models import Membership, Role
from maillage.audit import record
from maillage.patients import selectors
from maillage.patients.permissions import patients_visible_to
from maillage.patients.views.base import paginate

CASELOAD_ROLES = (Role.COORDINATOR, Role.MEDICAL_LEAD, Role.DIRECTOR)


@staff_required(*CASELOAD_ROLES)
@require_GET
def caseload(request):
    rows = selectors.caseload(request.network)
    total_fte = sum(r.membership.fte for r in rows)
    total_active = sum(r.active for r in rows)
    record("patients.caseload.viewed", request=request)
    return render(
        request,
        "patients/caseload.html",
        {
            "rows": rows,
            "total_fte": total_fte,
            "total_active": total_active,
            "per_fte": round(total_active / total_fte, 1) if total_fte else None,
        },
    )


@staff_required(*CASELOAD_ROLES)
@require_GET
def caseload_detail(request, public_id):
    membership = (
        Membership.objects.select_related("user")
        .filter(
            network=request.network,
            user__public_id=public_id,
            is_active=True,
            role__in=[Role.COORDINATOR, Role.MEDICAL_LEAD],
        )
        .first()
    )
    if membership is None:
        raise Http404
    page = paginate(request, selectors.caseload_patients(request.network, membership.user))
    record(
        "patients.patient.listed",
        request=request,
        details={
            "caseload_of": str(membership.user.public_id),
            "page": page.number,
            "patients": [str(p.public_id) for p in page.object_list],
        },
    )
    return render(
        request,
        "patients/caseload_detail.html",
        {"member": membership, "page_obj": page},
    )


@external_view
@require_GET
def my_patients(request):
    """External professionals: the patients whose current care team includes them."""
    rows = patients_visible_to(request.user).select_related("network")
    page = paginate(request, rows)
    record(
        "patients.patient.listed",
        request=request,
        details={"external": True, "patients": [str(p.public_id) for p in page.object_list]},
    )
    return render(request, "patients/my_patients.html", {"page_obj": page})
