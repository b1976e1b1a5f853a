"""The quarterly role review (PGSSI-S): the director confirms who holds which role."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.accounts.models import Membership, Role, RoleReview, User
from maillage.audit import record


def quarter_of(moment=None) -> tuple[int, int]:
    """(year, quarter) of a moment, in the project's time zone."""
    local = timezone.localtime(moment or timezone.now())
    return local.year, (local.month - 1) // 3 + 1


@transaction.atomic
def role_review_confirm(
    *, actor: User, network, comment: str = "", request=None, now=None
) -> RoleReview:
    """Stores the director's confirmation of the current quarter's roles, with a snapshot."""
    is_director = Membership.objects.filter(
        user=actor, network=network, role=Role.DIRECTOR, is_active=True
    ).exists()
    if not is_director:
        raise PermissionDenied("Seule la direction du réseau confirme la revue des rôles.")
    now = now or timezone.now()
    year, quarter = quarter_of(now)
    members = (
        Membership.objects.filter(network=network, is_active=True)
        .select_related("user")
        .order_by("role", "user__last_name", "user__first_name")
    )
    snapshot = [
        {
            "user": str(m.user.public_id),
            "name": m.user.full_name,
            "email": m.user.email,
            "role": m.role,
            "profession": m.profession,
            "fte": str(m.fte),
        }
        for m in members
    ]
    try:
        with transaction.atomic():
            review = RoleReview.objects.create(
                network=network,
                year=year,
                quarter=quarter,
                confirmed_by=actor,
                confirmed_at=now,
                snapshot=snapshot,
                comment=comment,
            )
    except IntegrityError as exc:
        raise ValidationError(
            "La revue des rôles de ce trimestre est déjà confirmée : rien à refaire avant le "
            "trimestre prochain."
        ) from exc
    record(
        "accounts.role_review.confirmed",
        actor=actor,
        request=request,
        network=network,
        target=review,
        details={"year": year, "quarter": quarter, "members": len(snapshot)},
    )
    return review
