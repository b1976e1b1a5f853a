"""Views of the single entry point: access check → form → service → render."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.access.decorators import public_view, staff_required
from maillage.accounts.models import Role
from maillage.audit import record
from maillage.intake import selectors, services
from maillage.intake.forms import (
    AnswerForm,
    DecisionForm,
    EnrolForm,
    ForwardForm,
    PublicRequestForm,
    ScreeningForm,
    StaffRequestForm,
)
from maillage.intake.models import Status
from maillage.intake.permissions import DECIDE_ROLES, INTAKE_ROLES, get_request_for_user
from maillage.networks.models import Network

PAGE_SIZE = 25


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _audit_view(request, req, what: str = "detail") -> None:
    record(
        "intake.request.viewed",
        request=request,
        network=req.network,
        target=req,
        patient=req.patient,
        details={"view": what},
    )


@staff_required(*INTAKE_ROLES)
@require_GET
def queue(request):
    name = request.GET.get("file", "a_qualifier")
    if name not in selectors.QUEUES:
        name = "a_qualifier"
    page = Paginator(selectors.queue(request.network, name, request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    counts = selectors.queue_counts(request.network, request.user)
    record(
        "intake.queue.viewed",
        request=request,
        details={"queue": name, "requests": [str(r.public_id) for r in page.object_list]},
    )
    return render(
        request,
        "intake/queue.html",
        {
            "queues": [(code, label, counts[code]) for code, label in selectors.QUEUES.items()],
            "current": name,
            "page_obj": page,
            "now": timezone.now(),
        },
    )


@staff_required(*INTAKE_ROLES)
@require_GET
def history(request):
    page = Paginator(selectors.request_history(request.network), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    record(
        "intake.history.viewed",
        request=request,
        details={"requests": [str(r.public_id) for r in page.object_list]},
    )
    return render(request, "intake/history.html", {"page_obj": page})


@staff_required(*INTAKE_ROLES)
@require_http_methods(["GET", "POST"])
def create(request):
    form = StaffRequestForm(request.POST or None, request.FILES or None, network=request.network)
    if request.method == "POST" and form.is_valid():
        try:
            req = services.request_create(
                actor=request.user,
                network=request.network,
                data=form.service_data(),
                thematics=form.cleaned_data["thematics"],
                attachments=form.cleaned_data.get("attachments") or [],
                request=request,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("intake:detail", public_id=req.public_id)
    return render(
        request,
        "intake/create.html",
        {
            "form": form,
            "routing_url": reverse("intake:routing_hint"),
            **_bound_routing(form, request.network),
        },
    )


def _bound_routing(form, network) -> dict:
    """The routing hint of a form sent back with errors (its commune already checked)."""
    commune = getattr(form, "cleaned_data", {}).get("person_commune")
    if commune is None:
        return {}
    thematics = form.cleaned_data.get("thematics") or []
    return {
        "commune": commune,
        "routing": selectors.routing_for(commune, thematics, network),
        "network": network,
    }


def _detail_context(request, req) -> dict:
    role = request.membership.role
    live = req.status in (Status.RECEIVED, Status.QUALIFYING)
    ctx = {
        "req": req,
        "transitions": req.transitions.select_related("by").all(),
        "can_decide": role in DECIDE_ROLES,
        "thematics": list(req.thematics.all()),
        "resources": list(req.resources.all()),
    }
    if not req.is_stub:
        ctx["routing"] = selectors.routing_proposal(req)
        from maillage.files.models import StoredFile

        ctx["attachments"] = StoredFile.objects.filter(
            owner_type=req._meta.label_lower, owner_public_id=req.public_id
        )
    if req.status == Status.QUALIFYING:
        ctx["screening_form"] = ScreeningForm(initial={"criteria": req.complexity})
        ctx["answer_form"] = AnswerForm(resources=selectors.suggested_resources(req))
        ctx["decision_form"] = DecisionForm()
    if live:
        # The routing answer drives the forwarding form: the covering network is proposed.
        routing = ctx.get("routing")
        proposed = (
            next((n for n in routing.networks if n.pk != req.network_id), None)
            if routing is not None and not routing.covers_own
            else None
        )
        ctx["forward_form"] = ForwardForm(
            network=req.network, initial={"to_network": proposed.pk} if proposed else None
        )
        if req.patient_id is None:
            ctx["candidates"] = selectors.possible_patients(req)
    return ctx


def _render_detail(request, req, *, status=200, **forms):
    """The request's page; its reading is audited, and so is each existing record shown as a
    possible match (a read of that patient's identity)."""
    ctx = _detail_context(request, req)
    ctx.update(forms)
    _audit_view(request, req)
    for candidate in ctx.get("candidates") or []:
        record(
            "intake.request.candidate_shown",
            request=request,
            network=req.network,
            target=req,
            patient=candidate.patient,
            details={"score": candidate.score},
        )
    return render(request, "intake/detail.html", ctx, status=status)


@staff_required(*INTAKE_ROLES)
@require_GET
def detail(request, public_id):
    req = get_request_for_user(request, public_id)
    return _render_detail(request, req)


def _rerender(request, req, **forms):
    return _render_detail(request, req, status=400, **forms)


@staff_required(*INTAKE_ROLES)
@require_POST
def take(request, public_id):
    req = get_request_for_user(request, public_id)
    try:
        services.request_take(actor=request.user, req=req, request=request)
    except ValidationError:
        # Someone took it first (two people on the queue): say so rather than fail.
        req.refresh_from_db()
        who = req.assigned_to.full_name if req.assigned_to else "une autre personne"
        messages.error(
            request,
            f"Demande {req.receipt_number} : déjà prise en charge par {who} "
            f"(statut « {req.get_status_display()} »).",
        )
    return redirect("intake:detail", public_id=req.public_id)


@staff_required(*INTAKE_ROLES)
@require_POST
def screen(request, public_id):
    req = get_request_for_user(request, public_id)
    if req.status != Status.QUALIFYING:
        raise Http404
    form = ScreeningForm(request.POST)
    if not form.is_valid():
        return _rerender(request, req, screening_form=form)
    services.request_screen(
        actor=request.user, req=req, criteria=form.cleaned_data["criteria"], request=request
    )
    return redirect("intake:detail", public_id=req.public_id)


@staff_required(*INTAKE_ROLES)
@require_POST
def answer(request, public_id):
    req = get_request_for_user(request, public_id)
    if req.status != Status.QUALIFYING:
        raise Http404
    form = AnswerForm(request.POST, resources=selectors.suggested_resources(req))
    if form.is_valid():
        try:
            services.request_answer(
                actor=request.user,
                req=req,
                answer=form.cleaned_data["answer"],
                resources=list(form.cleaned_data["resources"]),
                request=request,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("intake:detail", public_id=req.public_id)
    return _rerender(request, req, answer_form=form)


_DECISIONS = {
    "refuse": services.request_refuse,
    "punctual": services.request_punctual,
    "accept": services.request_accept,
}


@staff_required(*DECIDE_ROLES)
@require_POST
def decide(request, public_id, decision):
    req = get_request_for_user(request, public_id)
    if decision not in _DECISIONS or req.status != Status.QUALIFYING:
        raise Http404
    form = DecisionForm(request.POST)
    if form.is_valid():
        why = form.cleaned_data["why"]
        kwargs = {"reason": why} if decision == "refuse" else {"note": why}
        try:
            _DECISIONS[decision](actor=request.user, req=req, request=request, **kwargs)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("intake:detail", public_id=req.public_id)
    return _rerender(request, req, decision_form=form)


@staff_required(*INTAKE_ROLES)
@require_POST
def forward(request, public_id):
    req = get_request_for_user(request, public_id)
    if req.status not in (Status.RECEIVED, Status.QUALIFYING):
        raise Http404
    form = ForwardForm(request.POST, network=req.network)
    if form.is_valid():
        try:
            services.request_forward(
                actor=request.user,
                req=req,
                to_network=form.cleaned_data["to_network"],
                note=form.cleaned_data["note"],
                request=request,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect(reverse("intake:queue"))
    return _rerender(request, req, forward_form=form)


@staff_required(*INTAKE_ROLES)
@require_POST
def attach(request, public_id):
    """Attaches the request to one of the candidate records of the same network."""
    req = get_request_for_user(request, public_id)
    chosen = request.POST.get("patient", "")
    candidates = {str(c.patient.public_id): c.patient for c in selectors.possible_patients(req)}
    if req.patient_id is not None or chosen not in candidates:
        raise Http404
    services.request_attach_patient(
        actor=request.user, req=req, patient=candidates[chosen], request=request
    )
    return redirect("intake:detail", public_id=req.public_id)


def _leads(network):
    from maillage.accounts.models import User

    return User.objects.filter(
        memberships__network=network,
        memberships__is_active=True,
        memberships__role__in=[Role.COORDINATOR, Role.MEDICAL_LEAD],
    ).order_by("last_name")


@staff_required(*DECIDE_ROLES)
@require_http_methods(["GET", "POST"])
def enrol(request, public_id):
    req = get_request_for_user(request, public_id)
    if req.status != Status.ACCEPTED:
        raise Http404
    initial = {
        "started_on": timezone.localdate(),
        "birth_name": req.person_birth_name,
        "first_names": req.person_first_names,
        "birth_date": req.person_birth_date,
        "sex": req.person_sex,
        "lead_coordinator": req.assigned_to_id,
    }
    form = EnrolForm(
        request.POST or None,
        initial=initial,
        leads=_leads(req.network),
        needs_identity=req.patient_id is None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        identity = None
        if req.patient_id is None:
            identity = {
                "birth_name": data["birth_name"],
                "first_names": data["first_names"],
                "birth_date": data["birth_date"],
                "sex": data["sex"],
                "commune": req.person_commune,
                "phone": req.person_phone,
                "identity_status": "provisoire",
            }
        try:
            services.request_enrol(
                actor=request.user,
                req=req,
                lead_coordinator=data["lead_coordinator"],
                started_on=data["started_on"],
                person_agreement_on=data["person_agreement_on"],
                gp_agreement_on=data["gp_agreement_on"],
                identity=identity,
                request=request,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("intake:detail", public_id=req.public_id)
    _audit_view(request, req, "enrol")
    return render(request, "intake/enrol.html", {"req": req, "form": form})


@staff_required(*INTAKE_ROLES)
@require_GET
def answer_pdf(request, public_id):
    """The level-1 answer and the suggested resources, printable for the caller."""
    from maillage.exports.pdf import render_pdf
    from maillage.exports.services import Export, deliver

    req = get_request_for_user(request, public_id)
    if req.status != Status.ANSWERED:
        raise Http404
    content = render_pdf(
        "intake/answer_pdf.html",
        {"req": req, "resources": list(req.resources.select_related("organisation"))},
        stamp_user=request.user,
    )
    return deliver(
        request,
        Export(
            content=content,
            filename=f"orientation-{req.receipt_number}.pdf",
            fmt="pdf",
            action="intake.answer.exported",
            rows=1,
            patient_data=False,
            target=req,
        ),
    )


# --- Public form -------------------------------------------------------------------------


@public_view
@require_http_methods(["GET", "POST"])
def public_form(request, slug):
    network = get_object_or_404(Network, slug=slug, is_active=True)
    form = PublicRequestForm(request.POST or None, request.FILES or None, network=network)
    if request.method == "POST" and form.is_valid():
        try:
            req = services.request_public_submit(
                network=network,
                data=form.service_data(),
                thematics=form.cleaned_data["thematics"],
                attachments=form.cleaned_data.get("attachments") or [],
                request=request,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                _add_errors(form, exc)
            else:
                form.add_error("attachments", exc)
        else:
            request.session["intake_receipt"] = req.receipt_number
            return redirect("intake:public_receipt", slug=network.slug)
    return render(
        request,
        "intake/public_form.html",
        {
            "form": form,
            "routing_url": reverse("intake:public_routing_hint", args=[network.slug]),
            **_bound_routing(form, network),
            "public": True,
            "network": network,
        },
    )


@public_view
@require_GET
def public_receipt(request, slug):
    network = get_object_or_404(Network, slug=slug, is_active=True)
    receipt = request.session.get("intake_receipt")
    if not receipt:
        return redirect("intake:public_form", slug=network.slug)
    return render(request, "intake/public_receipt.html", {"network": network, "receipt": receipt})


# --- Pickers and routing hints (htmx partials) ----------------------------------------------

_SEARCH_PARAMS = ("q", "requester_name", "gp_name", "commune_name")


def _typed(request) -> str:
    for name in _SEARCH_PARAMS:
        if name in request.GET:
            return request.GET[name][:100]
    return ""


# Directory profession codes → the requester's quality proposed when picking them.
_QUALITY_OF_PROFESSION = {"10": "gp", "60": "nurse", "21": "pharmacist"}


def _fill(values: dict[str, str]) -> str:
    values = {f"id_{k}": v for k, v in values.items() if v}
    return json.dumps(values) if values else ""


def _professional_options(professionals, *, for_requester: bool) -> list[dict]:
    options = []
    for pro in professionals:
        activity = pro.active_activities[0] if pro.active_activities else None
        place = ""
        if activity is not None:
            place = activity.commune.name if activity.commune_id else activity.city
        option = {
            "value": pro.public_id,
            "label": pro.display_name,
            "detail": " — ".join(p for p in (pro.profession, place) if p),
            "chosen": f"Lié à l'annuaire : {pro.display_name}"
            + (f" ({pro.profession})" if pro.profession else ""),
        }
        if for_requester:
            option["fill"] = _fill(
                {"requester_quality": _QUALITY_OF_PROFESSION.get(pro.profession_code, "")}
            )
            if activity is not None:
                option["fill_empty"] = _fill(
                    {"requester_phone": activity.phone, "requester_organisation": activity.name}
                )
        options.append(option)
    return options


@staff_required(*INTAKE_ROLES)
@require_GET
def directory_options(request):
    """htmx: the listbox options of the requester and GP pickers (directory professionals,
    found by the directory's own search; public directory data, no patient data)."""
    professionals = selectors.professional_suggestions(_typed(request))
    return render(
        request,
        "intake/_options.html",
        {
            "options": _professional_options(
                professionals, for_requester="requester_name" in request.GET
            )
        },
    )


def _commune_options(request) -> list[dict]:
    typed = _typed(request).strip()
    options = []
    for commune in selectors.commune_suggestions(typed):
        codes = [pc.code for pc in commune.postal_codes.all()]
        code = typed if typed in codes else (codes[0] if codes else "")
        shown = ", ".join(codes[:4]) + ("…" if len(codes) > 4 else "")
        options.append(
            {
                "value": commune.insee_code,
                "label": commune.name,
                "detail": " — ".join(p for p in (shown, f"département {commune.departement}") if p),
                "chosen": f"Commune choisie : {commune.name}" + (f" ({code})" if code else ""),
                "fill": _fill({"commune_postal_code": code}),
            }
        )
    return options


@staff_required(*INTAKE_ROLES)
@require_GET
def commune_options(request):
    """htmx: the listbox options of the commune picker (by name or postal code)."""
    return render(request, "intake/_options.html", {"options": _commune_options(request)})


def _chosen_commune(request):
    from maillage.core.models import Commune

    code = request.GET.get("commune_insee", "").strip().upper()[:5]
    if not code:
        return None
    return Commune.objects.filter(is_current=True, insee_code=code).first()


def _chosen_thematics(request, network):
    from maillage.networks.models import Thematic

    ids = [v for v in request.GET.getlist("thematics") if v.isdigit()][:20]
    return list(Thematic.objects.filter(pk__in=ids)) if ids else []


@staff_required(*INTAKE_ROLES)
@require_GET
def routing_hint(request):
    """htmx: which network covers the commune (and thematics) being typed in the staff form."""
    commune = _chosen_commune(request)
    routing = (
        selectors.routing_for(commune, _chosen_thematics(request, request.network), request.network)
        if commune is not None
        else None
    )
    return render(
        request,
        "intake/_routing_hint.html",
        {"commune": commune, "routing": routing, "network": request.network, "public": False},
    )


@public_view
@require_GET
def public_commune_options(request, slug):
    """htmx, public form: communes are public data (COG); limited per IP in urls.py."""
    get_object_or_404(Network, slug=slug, is_active=True)
    return render(request, "intake/_options.html", {"options": _commune_options(request)})


@public_view
@require_GET
def public_routing_hint(request, slug):
    """htmx, public form: tells the visitor when their commune is covered by another network
    (public coverage information; nothing about any person)."""
    network = get_object_or_404(Network, slug=slug, is_active=True)
    commune = _chosen_commune(request)
    routing = (
        selectors.routing_for(commune, _chosen_thematics(request, network), network)
        if commune is not None
        else None
    )
    return render(
        request,
        "intake/_routing_hint.html",
        {"commune": commune, "routing": routing, "network": network, "public": True},
    )
