"""Merging two records of the same person, and undoing it (identitovigilance referents)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from maillage.access.decorators import staff_required
from maillage.accounts.services import recently_authenticated
from maillage.audit import record
from maillage.patients import selectors, services
from maillage.patients.forms import MergeForm, apply_service_errors
from maillage.patients.models import PatientMerge
from maillage.patients.permissions import MERGE_ROLES, get_patient_access, require


def _reauth(request):
    return redirect(f"{reverse('accounts:reauth')}?next={request.get_full_path()}")


@staff_required()
@require_http_methods(["GET", "POST"])
def patient_merge(request, public_id, other_id):
    first = get_patient_access(request, public_id)
    second = get_patient_access(request, other_id)
    require(first.can_merge and first.patient.pk != second.patient.pk)
    if not recently_authenticated(request):
        return _reauth(request)
    a, b = first.patient, second.patient
    form = MergeForm(
        request.POST or None,
        first_label=f"{a.display_name}, né·e le {a.birth_date:%d/%m/%Y}",
        second_label=f"{b.display_name}, né·e le {b.birth_date:%d/%m/%Y}",
    )
    if request.method == "POST" and form.is_valid():
        kept, absorbed = (a, b) if form.cleaned_data["keep"] == "first" else (b, a)
        try:
            services.patient_merge(
                actor=request.user,
                kept=kept,
                absorbed=absorbed,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Dossiers fusionnés. La fusion peut être annulée.")
            return redirect("patients:detail", kept.public_id)
    for access in (first, second):
        record(
            "patients.patient.viewed",
            request=request,
            target=access.patient,
            patient=access.patient,
            details={"tab": "fusion"},
        )
    return render(
        request,
        "patients/merge.html",
        {
            "form": form,
            "records": [
                (a, selectors.banner(a)),
                (b, selectors.banner(b)),
            ],
        },
    )


@staff_required()
@require_POST
def patient_merge_undo(request, public_id):
    merge = (
        PatientMerge.objects.select_related("kept", "absorbed")
        .filter(public_id=public_id, network=request.network)
        .first()
    )
    if (
        merge is None
        or not request.membership.can_merge_identities
        or request.membership.role not in MERGE_ROLES
    ):
        raise Http404
    if not recently_authenticated(request):
        return redirect(
            f"{reverse('accounts:reauth')}?next="
            + reverse("patients:detail", args=[merge.absorbed.public_id])
        )
    try:
        services.patient_merge_undo(actor=request.user, merge=merge, request=request)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Fusion annulée : les deux dossiers sont de nouveau séparés.")
    return redirect("patients:detail", merge.absorbed.public_id)
