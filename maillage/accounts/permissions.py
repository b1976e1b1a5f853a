"""Access to account objects. A membership outside the active network is a 404, and for the
administration pages the attempt is recorded (a forged request)."""

from django.http import Http404

from maillage.accounts.models import Membership
from maillage.audit import record


def get_membership_for_admin(request, public_id, *, refusal_action: str) -> Membership:
    """A membership of the administrator's active network; otherwise the attempt is audited
    (`refusal_action`) and the answer is 404."""
    membership = (
        Membership.objects.select_related("user", "network")
        .filter(public_id=public_id, network=request.network)
        .first()
    )
    if membership is None:
        record(
            refusal_action,
            request=request,
            target_type="accounts.membership",
            target_uuid=public_id,
            details={"reason": "other_network_or_unknown", "method": request.method},
        )
        raise Http404
    return membership
