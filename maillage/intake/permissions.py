"""Who may reach the requests of the single entry point. Refusals are 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from maillage.accounts.models import Role
from maillage.intake.models import SupportRequest

INTAKE_ROLES = (Role.RECEPTION, Role.COORDINATOR, Role.MEDICAL_LEAD, Role.DIRECTOR)
# Decisions that open or close a follow-up belong to the coordination team.
DECIDE_ROLES = (Role.COORDINATOR, Role.MEDICAL_LEAD, Role.DIRECTOR)


def requests_visible_to(user, network, role: str | None) -> QuerySet[SupportRequest]:
    if not user.is_authenticated or network is None or role not in INTAKE_ROLES:
        return SupportRequest.objects.none()
    return SupportRequest.objects.filter(network=network)


def get_request_for_user(request, public_id) -> SupportRequest:
    membership = getattr(request, "membership", None)
    role = membership.role if membership else None
    req = (
        requests_visible_to(request.user, getattr(request, "network", None), role)
        .select_related(
            "network",
            "person_commune",
            "patient",
            "assigned_to",
            "requester_professional",
            "gp_professional",
            "forwarded_to",
            "forwarded_from",
        )
        .filter(public_id=public_id)
        .first()
    )
    if req is None:
        raise Http404
    return req


def can_decide(role: str) -> bool:
    return role in DECIDE_ROLES


def can_read_attachment(user, public_id) -> bool:
    """Files of a request: the staff of the request's current network only."""
    from maillage.accounts.models import Membership

    req = SupportRequest.objects.filter(public_id=public_id).only("network_id").first()
    if req is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(
        user=user, network_id=req.network_id, is_active=True, role__in=INTAKE_ROLES
    ).exists()
