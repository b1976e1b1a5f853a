"""Assessment pages: the patient's "Évaluations" tab, an assessment (draft form with autosave,
or signed summary), instrument forms, problems, signing, and the network's problem catalogue."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from maillage.access.decorators import authenticated_view, staff_required
from maillage.assessments import selectors, services
from maillage.assessments.charts import history_chart
from maillage.assessments.forms import (
    AssessmentCreateForm,
    CatalogueEntryForm,
    CorrectionReasonForm,
    ProblemForm,
    instrument_form,
)
from maillage.assessments.instruments import INSTRUMENTS, UnknownInstrument, get_instrument
from maillage.assessments.models import INSTRUMENT_DOMAIN, Domain, IdentifiedProblem, Place
from maillage.assessments.permissions import (
    CATALOGUE_ROLES,
    can_read_assessments,
    can_write_assessments,
    get_assessment_for_user,
    get_result_for_user,
)
from maillage.patients.permissions import get_patient_access, require
from maillage.patients.views.base import audit_read, paginate, render_patient

TAB = "evaluations"


def _errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for messages_ in exc.message_dict.values() for m in messages_]
    return list(exc.messages)


@authenticated_view
@require_http_methods(["GET"])
def patient_tab(request, public_id):
    access = get_patient_access(request, public_id)
    require(can_read_assessments(access))
    patient = access.patient
    page = paginate(request, selectors.assessments_of(patient))
    histories = []
    for history in selectors.histories(patient):
        instrument = INSTRUMENTS[history.code]
        histories.append(
            {
                "history": history,
                "instrument": instrument,
                "chart": history_chart(instrument, history.results),
            }
        )
    audit_read(request, access, TAB, page=page.number)
    return render_patient(
        request,
        access,
        TAB,
        "assessments/patient_tab.html",
        {
            "page_obj": page,
            "histories": histories,
            "problems": list(selectors.problems_for_pps(patient)[:50]),
            "can_write": can_write_assessments(access),
            "can_correct": can_write_assessments(access),
            "create_form": AssessmentCreateForm(
                initial={"assessed_on": timezone.localdate(), "place": Place.HOME}
            ),
        },
    )


@authenticated_view
@require_POST
def assessment_create(request, public_id):
    access = get_patient_access(request, public_id)
    require(can_write_assessments(access))
    form = AssessmentCreateForm(request.POST)
    if form.is_valid():
        try:
            assessment = services.assessment_create(
                actor=request.user, patient=access.patient, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        else:
            return redirect("assessments:detail", assessment.public_id)
    page = paginate(request, selectors.assessments_of(access.patient))
    audit_read(request, access, TAB)
    return render_patient(
        request,
        access,
        TAB,
        "assessments/patient_tab.html",
        {
            "page_obj": page,
            "histories": [],
            "problems": [],
            "can_write": True,
            "create_form": form,
        },
        status=400,
    )


def _detail_context(access, assessment, *, problem_form=None) -> dict:
    sections = list(selectors.sections_of(assessment))
    results = list(selectors.results_of(assessment))
    problems = list(selectors.problems_of(assessment))
    by_domain: dict[str, dict] = {
        s.domain: {"section": s, "results": [], "problems": [], "instruments": []} for s in sections
    }
    for instrument in INSTRUMENTS.values():
        domain = INSTRUMENT_DOMAIN.get(instrument.domain, Domain.MEDICAL)
        if domain in by_domain:
            by_domain[domain]["instruments"].append(instrument)
    for result in results:
        result.title = INSTRUMENTS[result.instrument_code].title
        domain = INSTRUMENT_DOMAIN.get(INSTRUMENTS[result.instrument_code].domain, Domain.MEDICAL)
        by_domain[domain]["results"].append(result)
    for problem in problems:
        if problem.domain in by_domain:
            by_domain[problem.domain]["problems"].append(problem)
    can_write = can_write_assessments(access) and not assessment.is_signed
    return {
        "assessment": assessment,
        "domains": list(by_domain.values()),
        "results": results,
        "problems": problems,
        "can_write": can_write,
        "place_choices": Place.choices,
        "problem_form": problem_form
        or ProblemForm(catalogue=selectors.catalogue_of(access.patient.network)),
    }


@authenticated_view
@require_http_methods(["GET"])
def assessment_detail(request, public_id):
    access, assessment = get_assessment_for_user(request, public_id)
    audit_read(request, access, TAB, assessment=str(assessment.public_id))
    return render_patient(
        request, access, TAB, "assessments/detail.html", _detail_context(access, assessment)
    )


@authenticated_view
@require_http_methods(["GET", "POST"])
def assessment_autosave(request, public_id):
    """POST: the changed fields of the draft (a real edit). GET (polled with X-Maillage-Poll,
    which does not count as activity): is the draft reachable, and when was it saved."""
    _access, assessment = get_assessment_for_user(request, public_id, write=True)
    if request.method == "GET":
        return JsonResponse(
            {"status": assessment.status, "saved_at": assessment.updated_at.isoformat()}
        )
    changes = {key: value for key, value in request.POST.items() if key != "csrfmiddlewaretoken"}
    if not changes:
        return JsonResponse({"saved": [], "errors": {}})
    try:
        assessment = services.assessment_autosave(
            actor=request.user, assessment=assessment, changes=changes, request=request
        )
    except ValidationError as exc:
        errors = (
            dict(exc.message_dict.items())
            if hasattr(exc, "error_dict")
            else {"__all__": exc.messages}
        )
        return JsonResponse({"saved": [], "errors": errors}, status=400)
    return JsonResponse(
        {"saved": sorted(changes), "errors": {}, "saved_at": assessment.updated_at.isoformat()}
    )


@authenticated_view
@require_http_methods(["GET", "POST"])
def instrument_fill(request, public_id, code):
    access, assessment = get_assessment_for_user(request, public_id)
    try:
        instrument = get_instrument(code)
    except UnknownInstrument:
        raise Http404 from None
    if code != instrument.code:
        raise Http404
    can_write = can_write_assessments(access) and not assessment.is_signed
    if request.method == "POST" and not can_write:
        raise Http404
    current = assessment.results.filter(instrument_code=instrument.code).order_by("-id").first()
    form = instrument_form(
        instrument, request.POST or None, initial_answers=current.answers if current else None
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = services.result_save_draft(
                    actor=request.user,
                    assessment=assessment,
                    instrument_code=instrument.code,
                    answers=form.cleaned_answers,
                    request=request,
                )
            except ValidationError as exc:
                for message in _errors(exc):
                    form.add_error(None, message)
            else:
                if result.is_complete:
                    messages.success(request, f"{instrument.title} enregistré : {result.label}.")
                else:
                    messages.warning(
                        request,
                        f"{instrument.title} incomplet : enregistré comme brouillon, non calculé.",
                    )
                return redirect("assessments:detail", assessment.public_id)
        status = 400
    audit_read(request, access, TAB, assessment=str(assessment.public_id), instrument=code)
    return render_patient(
        request,
        access,
        TAB,
        "assessments/instrument.html",
        {
            "assessment": assessment,
            "instrument": instrument,
            "form": form,
            "result": current,
            "can_write": can_write,
            "is_aggir": instrument.code == "aggir",
            "aggir_variables": form.bound_rows("variables") if instrument.code == "aggir" else [],
            "aggir_illustratives": (
                form.bound_rows("illustratives") if instrument.code == "aggir" else []
            ),
        },
        status=status,
    )


@authenticated_view
@require_POST
def problem_add(request, public_id):
    access, assessment = get_assessment_for_user(request, public_id, write=True)
    form = ProblemForm(request.POST, catalogue=selectors.catalogue_of(assessment.network))
    if form.is_valid():
        try:
            services.problem_add(
                actor=request.user, assessment=assessment, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        else:
            messages.success(request, "Problème ajouté.")
            return redirect("assessments:detail", assessment.public_id)
    audit_read(request, access, TAB, assessment=str(assessment.public_id))
    return render_patient(
        request,
        access,
        TAB,
        "assessments/detail.html",
        _detail_context(access, assessment, problem_form=form),
        status=400,
    )


@authenticated_view
@require_POST
def problem_remove(request, public_id, problem_id):
    _access, assessment = get_assessment_for_user(request, public_id, write=True)
    problem = get_object_or_404(
        IdentifiedProblem.objects.select_related("assessment__patient", "assessment__network"),
        assessment=assessment,
        public_id=problem_id,
    )
    try:
        services.problem_remove(actor=request.user, problem=problem, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    return redirect("assessments:detail", assessment.public_id)


@authenticated_view
@require_POST
def assessment_sign(request, public_id):
    access, assessment = get_assessment_for_user(request, public_id, write=True)
    try:
        services.assessment_sign(actor=request.user, assessment=assessment, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
        return redirect("assessments:detail", assessment.public_id)
    messages.success(request, "Évaluation signée ; elle figure au journal de coordination.")
    return redirect("assessments:patient_tab", access.patient.public_id)


@staff_required(*CATALOGUE_ROLES)
@require_http_methods(["GET", "POST"])
def catalogue(request):
    network = request.network
    services.catalogue_ensure_defaults(network)
    form = CatalogueEntryForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.catalogue_entry_add(
                    actor=request.user, network=network, **form.cleaned_data
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, "Problème ajouté au catalogue.")
                return redirect("assessments:catalogue")
        status = 400
    page = paginate(request, selectors.catalogue_of(network, active_only=False), size=50)
    return render(
        request, "assessments/catalogue.html", {"form": form, "page_obj": page}, status=status
    )


@staff_required(*CATALOGUE_ROLES)
@require_POST
def catalogue_toggle(request, public_id):
    entry = get_object_or_404(
        selectors.catalogue_of(request.network, active_only=False).select_related("network"),
        public_id=public_id,
    )
    services.catalogue_entry_toggle(actor=request.user, entry=entry)
    return redirect("assessments:catalogue")


def _instrument_context(instrument, form) -> dict:
    is_aggir = instrument.code == "aggir"
    return {
        "instrument": instrument,
        "form": form,
        "is_aggir": is_aggir,
        "aggir_variables": form.bound_rows("variables") if is_aggir else [],
        "aggir_illustratives": form.bound_rows("illustratives") if is_aggir else [],
    }


def _aggir_letters(result) -> list[dict]:
    """The ten final AGGIR letters with the sub-variable letters they come from (what the
    GIR was computed on), for a complete AGGIR result."""
    from maillage.assessments.instruments.aggir import DISCRIMINANT

    if result.instrument_code != "aggir" or not result.is_complete:
        return []
    letters = result.details.get("letters") or {}
    subs = (result.details.get("details") or {}).get("subvariables") or {}
    rows = []
    for variable in DISCRIMINANT:
        # In the grid's order: PostgreSQL's jsonb does not keep the keys' order.
        found = subs.get(variable.key) or {}
        detail = " · ".join(
            f"{label} {found[sub]}" for sub, label in variable.subvariables if sub in found
        )
        rows.append(
            {"label": variable.label, "letter": letters.get(variable.key, ""), "subs": detail}
        )
    return rows


@authenticated_view
@require_http_methods(["GET"])
def result_detail(request, public_id):
    """A signed (or draft) result with its answers and every version of it: the original
    stays visible, unchanged, next to its correction."""
    access, result = get_result_for_user(request, public_id)
    instrument = get_instrument(result.instrument_code)
    chain = selectors.result_chain(result)
    form = instrument_form(instrument, initial_answers=result.answers)
    can_correct = can_write_assessments(access) and result.is_signed and chain[-1].pk == result.pk
    audit_read(request, access, TAB, result=str(result.public_id), instrument=instrument.code)
    return render_patient(
        request,
        access,
        TAB,
        "assessments/result.html",
        {
            "result": result,
            "aggir_letters": _aggir_letters(result),
            "chain": chain,
            "can_correct": can_correct,
            "read_only": True,
            **_instrument_context(instrument, form),
        },
    )


@authenticated_view
@require_http_methods(["GET", "POST"])
def result_correct(request, public_id):
    """Correct a signed result: the same instrument form, prefilled with the original answers,
    and a required reason. The correction is a new signed result linked to the original."""
    access, original = get_result_for_user(request, public_id, write=True)
    if not original.is_signed:
        raise Http404
    instrument = get_instrument(original.instrument_code)
    already = selectors.result_chain(original)[-1]
    if already.pk != original.pk:
        messages.warning(
            request,
            "Ce résultat a déjà été corrigé : la correction porte sur la dernière version.",
        )
        return redirect("assessments:result", already.public_id)
    form = instrument_form(instrument, request.POST or None, initial_answers=original.answers)
    reason_form = CorrectionReasonForm(request.POST or None)
    status = 200
    if request.method == "POST":
        forms_valid = form.is_valid()
        reason_valid = reason_form.is_valid()
        if forms_valid and reason_valid:
            try:
                correction = services.result_correct(
                    actor=request.user,
                    original=original,
                    answers=form.cleaned_answers,
                    reason=reason_form.cleaned_data["reason"],
                    request=request,
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict") and "reason" in exc.error_dict:
                    for message in exc.message_dict["reason"]:
                        reason_form.add_error("reason", message)
                else:
                    for message in _errors(exc):
                        form.add_error(None, message)
            else:
                messages.success(
                    request,
                    f"{instrument.title} corrigé : {correction.label}. "
                    "Le résultat d'origine reste dans l'historique.",
                )
                return redirect("assessments:result", correction.public_id)
        status = 400
    audit_read(request, access, TAB, result=str(original.public_id), instrument=instrument.code)
    return render_patient(
        request,
        access,
        TAB,
        "assessments/correct.html",
        {
            "original": original,
            "reason_form": reason_form,
            "read_only": False,
            **_instrument_context(instrument, form),
        },
        status=status,
    )
