"""Who may see and change a network's territory.

Every staff role reads the territory and asks "who covers commune X" (reception routes calls);
the director and the network administrator change it.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from maillage.networks.models import Coverage

COVERAGE_EDITORS = ("director", "network_admin")


def can_edit_coverage(request) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and membership.role in COVERAGE_EDITORS


def get_coverage_for_editing(request, public_id) -> Coverage:
    if not can_edit_coverage(request):
        raise Http404
    return get_object_or_404(
        Coverage.objects.select_related("network", "thematic"),
        public_id=public_id,
        network=request.network,
    )
