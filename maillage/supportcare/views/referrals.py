"""Staff pages for referrals and their sessions: the patient's section, the referral page,
recording sessions, status changes and quota exceptions (medical lead or director)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from maillage.access.decorators import authenticated_view, staff_required
from maillage.audit import record
from maillage.supportcare import permissions, selectors
from maillage.supportcare.forms_referrals import (
    CancelForm,
    ExceptionForm,
    ReferralForm,
    SessionForm,
    SessionOutcomeForm,
    TransitionForm,
)
from maillage.supportcare.models import ReferralStatus
from maillage.supportcare.permissions import EXCEPTION_ROLES, REFERRAL_ROLES
from maillage.supportcare.services import referrals as services
from maillage.supportcare.services import sessions as session_services
from maillage.supportcare.views.funding import add_service_errors

SECTION_ROLES = tuple(sorted(set(REFERRAL_ROLES) | set(EXCEPTION_ROLES)))


def _patient_access(request, public_id):
    from maillage.patients.permissions import get_patient_access

    access = get_patient_access(request, public_id)
    if not access.is_staff or access.role not in REFERRAL_ROLES:
        raise Http404
    return access


@staff_required(*REFERRAL_ROLES)
@require_http_methods(["GET"])
def patient_section(request, public_id):
    """The patient's support-care tab: referrals, entitlements, what is left."""
    from maillage.patients.views.base import audit_read, render_patient

    access = _patient_access(request, public_id)
    referrals = list(
        selectors.referral_list(
            permissions.referrals_visible_to(request).filter(patient=access.patient)
        )
    )
    entitlements = access.patient.support_entitlements.select_related("funding_line").order_by(
        "-opened_on"
    )
    audit_read(request, access, "soins-de-support")
    return render_patient(
        request,
        access,
        "soins-de-support",
        "supportcare/patient_section.html",
        {"referrals": referrals, "entitlements": list(entitlements)},
    )


@staff_required(*REFERRAL_ROLES)
@require_http_methods(["GET", "POST"])
def referral_create(request, public_id):
    access = _patient_access(request, public_id)
    patient = access.patient
    initial = {"referred_on": timezone.localdate(), "treatment_phase": "after_treatment"}
    form = ReferralForm(
        request.POST or None, request.FILES or None, network=request.network, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            referral, warnings = services.referral_create(
                actor=request.user, patient=patient, **form.service_kwargs()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, "Orientation proposée.")
            for warning in warnings:
                messages.warning(request, warning)
            return redirect("supportcare:referral_detail", public_id=referral.public_id)
    record(
        "patients.patient.viewed",
        request=request,
        target=patient,
        patient=patient,
        details={"tab": "soins-de-support", "form": "referral"},
    )
    return render(request, "supportcare/referral_form.html", {"form": form, "patient": patient})


@staff_required(*REFERRAL_ROLES)
@require_http_methods(["GET"])
def referral_list(request):
    status = request.GET.get("statut", "")
    if status not in ReferralStatus.values:
        status = ""
    referrals = selectors.referral_list(permissions.referrals_visible_to(request), status=status)
    page = Paginator(referrals, 25).get_page(request.GET.get("page"))
    record(
        "supportcare.referral.listed",
        request=request,
        details={"status": status, "page": page.number},
    )
    return render(
        request,
        "supportcare/referral_list.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": ReferralStatus.choices,
            "querystring_prefix": f"statut={status}&" if status else "",
        },
    )


@staff_required(*SECTION_ROLES)
@require_http_methods(["GET"])
def referral_detail(request, public_id):
    if request.membership.role not in REFERRAL_ROLES:
        # The director reaches a referral only to grant an exception.
        return redirect("supportcare:exception_grant", public_id=public_id)
    referral = permissions.get_referral_for_user(request, public_id)
    record(
        "supportcare.referral.viewed", request=request, target=referral, patient=referral.patient
    )
    return render(
        request,
        "supportcare/referral_detail.html",
        {
            "referral": referral,
            "sessions": list(selectors.referral_sessions(referral)),
            "quota": selectors.referral_quota(referral),
            "session_form": SessionForm(provider=referral.provider),
            "transition_form": TransitionForm(),
            "transitions": list(referral.transitions.select_related("by")),
            "exceptions": list(referral.exceptions.select_related("granted_by")),
            "can_grant": request.membership.role in EXCEPTION_ROLES,
            "session_url": "supportcare:session_create",
        },
    )


@staff_required(*REFERRAL_ROLES)
@require_POST
def session_create(request, public_id):
    referral = permissions.get_referral_for_user(request, public_id)
    return _record_session(
        request, referral, "supportcare:referral_detail", "supportcare/referral_detail.html"
    )


def _record_session(request, referral, back: str, template: str, extra: dict | None = None):
    """Shared by staff and providers: validate, record, show the warnings."""
    form = SessionForm(request.POST, provider=referral.provider)
    if form.is_valid():
        try:
            _, warnings = session_services.session_record(
                actor=request.user, referral=referral, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Séance enregistrée.")
            for warning in warnings:
                messages.warning(request, warning)
            return redirect(back, public_id=referral.public_id)
    context = {
        "referral": referral,
        "sessions": list(selectors.referral_sessions(referral)),
        "quota": selectors.referral_quota(referral),
        "session_form": form,
        "transition_form": TransitionForm(),
        "transitions": list(referral.transitions.select_related("by")),
        "exceptions": list(referral.exceptions.select_related("granted_by")),
        "can_grant": getattr(request.membership, "role", None) in EXCEPTION_ROLES,
        **(extra or {}),
    }
    return render(request, template, context, status=200)


@authenticated_view
@require_POST
def session_outcome(request, public_id):
    """A scheduled session becomes held or missed (staff or the provider's own account)."""
    if not request.user.is_authenticated:
        raise Http404
    session = permissions.get_session_for_user(request, public_id)
    referral = session.referral
    if request.user.is_staff_kind and not permissions.can_handle_referrals(request):
        raise Http404
    form = SessionOutcomeForm(request.POST)
    back = (
        "supportcare:provider_referral"
        if request.user.is_external
        else "supportcare:referral_detail"
    )
    if form.is_valid():
        try:
            _, warnings = session_services.session_record(
                actor=request.user,
                referral=referral,
                session=session,
                day=session.day,
                status=form.cleaned_data["status"],
                start_time=session.start_time,
                place=session.place,
                note=session.note,
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, "Séance mise à jour.")
            for warning in warnings:
                messages.warning(request, warning)
    return redirect(back, public_id=referral.public_id)


@staff_required(*REFERRAL_ROLES)
@require_POST
def session_cancel(request, public_id):
    session = permissions.get_session_for_user(request, public_id)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            session_services.session_cancel(
                actor=request.user, session=session, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, "Séance annulée.")
    else:
        messages.error(request, "Motif de l'annulation : indiquez-le.")
    return redirect("supportcare:referral_detail", public_id=session.referral.public_id)


@staff_required(*REFERRAL_ROLES)
@require_POST
def referral_status(request, public_id):
    referral = permissions.get_referral_for_user(request, public_id)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.referral_transition(
                actor=request.user,
                referral=referral,
                to_status=form.cleaned_data["to_status"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, "Statut de l'orientation mis à jour.")
    else:
        messages.error(request, "Nouveau statut : choisissez-le dans la liste.")
    return redirect("supportcare:referral_detail", public_id=referral.public_id)


@staff_required(*EXCEPTION_ROLES)
@require_http_methods(["GET", "POST"])
def exception_grant(request, public_id):
    """Medical lead or director: sessions beyond the rule, with a written reason."""
    from maillage.supportcare.models import SupportCareReferral

    referral = (
        SupportCareReferral.objects.select_related(
            "patient",
            "funding_line",
            "entitlement",
            "provider__professional",
            "provider__organisation",
        )
        .filter(public_id=public_id, network=request.network, patient__merged_into__isnull=True)
        .first()
    )
    if referral is None:
        raise Http404
    form = ExceptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.quota_exception_grant(
                actor=request.user,
                role=request.membership.role,
                referral=referral,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Dérogation accordée.")
            if request.membership.role in REFERRAL_ROLES:
                return redirect("supportcare:referral_detail", public_id=referral.public_id)
            return redirect("supportcare:home")
    record(
        "supportcare.referral.viewed",
        request=request,
        target=referral,
        patient=referral.patient,
        details={"form": "exception"},
    )
    return render(
        request,
        "supportcare/exception_form.html",
        {
            "form": form,
            "referral": referral,
            "quota": selectors.referral_quota(referral),
        },
    )
