"""What every page's shell needs: the active network, the user's networks, the navigation."""

from maillage.core.navigation import navigation_for


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {
        "active_network": getattr(request, "network", None),
        "active_membership": getattr(request, "membership", None),
        "nav_items": navigation_for(request),
    }
