"""Reads for the account pages (with their select_related)."""

from django.db.models import Exists, OuterRef, QuerySet

from maillage.accounts.models import EncryptedTOTPDevice, Membership, RoleReview


def member_list(network, *, include_former: bool = False) -> QuerySet[Membership]:
    """The network's members, with whether their authenticator is enrolled."""
    members = (
        Membership.objects.filter(network=network)
        .select_related("user")
        .annotate(
            has_totp=Exists(
                EncryptedTOTPDevice.objects.filter(user=OuterRef("user"), confirmed=True)
            )
        )
        .order_by("-is_active", "user__last_name", "user__first_name", "pk")
    )
    if not include_former:
        members = members.filter(is_active=True)
    return members


def role_review_members(network) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(network=network, is_active=True)
        .select_related("user")
        .order_by("role", "user__last_name", "user__first_name", "pk")
    )


def role_review_get(network, year: int, quarter: int) -> RoleReview | None:
    return (
        RoleReview.objects.select_related("confirmed_by")
        .filter(network=network, year=year, quarter=quarter)
        .first()
    )


def role_review_list(network) -> QuerySet[RoleReview]:
    return RoleReview.objects.filter(network=network).select_related("confirmed_by")
