"""Who may read a stored file: the owner app decides (files.registry.register_owner)."""

from django.http import Http404

from maillage.files.models import StoredFile
from maillage.files.registry import owner_can_read
from maillage.files.selectors import stored_file_get_servable


def can_read_stored_file(user, stored_file: StoredFile) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return owner_can_read(user, stored_file.owner_type, stored_file.owner_public_id)


def get_stored_file_for_user(user, public_id) -> StoredFile:
    stored_file = stored_file_get_servable(public_id)
    if stored_file is None or not can_read_stored_file(user, stored_file):
        raise Http404
    return stored_file
