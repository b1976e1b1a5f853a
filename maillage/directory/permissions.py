"""Who may use the directory.

- Every staff role of a network reads the directory (it describes the territory, not patients).
- External professionals (second factor passed) may search it too: it is built from public
  national files, and finding a colleague is part of their work. They see only active resources,
  never a network's notes or partner flags.
- Coordinators, medical leads and network administrators edit what the network adds (notes,
  partner flag, convention, MSSanté, corrected contact data), create hand-made professionals and
  curate their network's resources. Reception and direction read only.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from maillage.directory.models import Activity, Organisation, Professional, Resource

EDITOR_ROLES = ("coordinator", "medical_lead", "network_admin")


def can_read_directory(request) -> bool:
    user = request.user
    if not user.is_authenticated or not user.is_verified():
        return False
    if getattr(request, "membership", None) is not None:
        return True
    return user.is_external


def can_edit_directory(request) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and membership.role in EDITOR_ROLES


def is_staff_reader(request) -> bool:
    return getattr(request, "membership", None) is not None


def resources_visible_to(request):
    """Staff: every resource of their network. External users: active resources of all."""
    if is_staff_reader(request):
        return Resource.objects.filter(network=request.network)
    if can_read_directory(request):
        return Resource.objects.filter(status="active")
    return Resource.objects.none()


def get_professional_for_user(request, public_id) -> Professional:
    if not can_read_directory(request):
        raise Http404
    return get_object_or_404(Professional, public_id=public_id)


def get_organisation_for_user(request, public_id) -> Organisation:
    if not can_read_directory(request):
        raise Http404
    return get_object_or_404(Organisation.objects.select_related("commune"), public_id=public_id)


def get_resource_for_user(request, public_id, *, edit: bool = False) -> Resource:
    if edit and not can_edit_directory(request):
        raise Http404
    return get_object_or_404(
        resources_visible_to(request).select_related("organisation", "professional", "network"),
        public_id=public_id,
    )


def get_activity_for_editing(request, public_id) -> Activity:
    if not can_edit_directory(request):
        raise Http404
    return get_object_or_404(Activity.objects.select_related("professional"), public_id=public_id)
