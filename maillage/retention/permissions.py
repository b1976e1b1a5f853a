"""Only the director reads archived records of their own network, one at a time, with a reason."""

from django.http import Http404

from maillage.retention.registry import RecordKind, get_kind


def get_archive_kind(code: str) -> RecordKind:
    kind = get_kind(code)
    if kind is None or kind.archived_queryset is None:
        raise Http404
    return kind


def get_archived_record_for_director(request, kind_code: str, public_id):
    """The archived record of the director's active network, or 404 (roles are checked by the
    view's `staff_required("director")`)."""
    kind = get_archive_kind(kind_code)
    obj = kind.archived_queryset(request.network).filter(public_id=public_id).first()
    if obj is None:
        raise Http404
    return kind, obj
