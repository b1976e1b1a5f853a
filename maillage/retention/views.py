"""The intermediate archive, for the director: a list without content, and the reasoned reading
of one record (audited with its reason)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from maillage.access.decorators import staff_required
from maillage.audit import record
from maillage.retention.forms import ArchiveReadForm
from maillage.retention.permissions import get_archive_kind, get_archived_record_for_director
from maillage.retention.registry import describe_fields
from maillage.retention.selectors import archive_kinds, archived_list


@staff_required("director")
@require_GET
def archive_list(request):
    available = archive_kinds()
    code = request.GET.get("type") or (available[0].code if available else "")
    kind = get_archive_kind(code) if code else None
    page = None
    if kind is not None:
        page = Paginator(archived_list(kind, request.network), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "retention/archive_list.html",
        {
            "kinds": available,
            "kind": kind,
            "page_obj": page,
            "querystring_prefix": f"type={kind.code}&" if kind else "",
        },
    )


@staff_required("director")
@require_http_methods(["GET", "POST"])
def archive_read(request, kind, public_id):
    kind, obj = get_archived_record_for_director(request, kind, public_id)
    form = ArchiveReadForm(request.POST or None)
    rows = None
    if request.method == "POST" and form.is_valid():
        patient = getattr(obj, "patient", None)
        record(
            "retention.archive.read",
            request=request,
            target=obj,
            patient=patient if hasattr(patient, "public_id") else None,
            details={"kind": kind.code, "reason": form.cleaned_data["reason"]},
        )
        rows = (kind.describe or describe_fields)(obj)
    return render(
        request,
        "retention/archive_read.html",
        {"kind": kind, "obj": obj, "form": form, "rows": rows},
    )
