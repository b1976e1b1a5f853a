"""Public pages (no account): the events of a network, registration, the signed links.

Mail scanners open links: the cancellation and satisfaction links only show a page; the action
needs that page's POST. Registration is limited per IP address and per email.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from maillage.access.decorators import public_view
from maillage.core.net import client_ip
from maillage.core.ratelimit import RateLimited, hit
from maillage.documents.permissions import get_public_site_or_404, public_context
from maillage.training import selectors, services
from maillage.training.forms import RegistrationForm, SatisfactionForm
from maillage.training.models import EventStatus, RegistrationStatus
from maillage.training.tokens import (
    CANCEL_SALT,
    SATISFACTION_MAX_AGE,
    SATISFACTION_SALT,
    read_token,
)

REGISTRATION_RATE_PER_IP = "20/h"
REGISTRATION_RATE_PER_EMAIL = "5/h"
LINK_RATE_PER_IP = "30/h"


@public_view
@require_http_methods(["GET"])
def event_list(request, slug):
    network, site = get_public_site_or_404(slug)
    events = selectors.public_events(network)
    page = Paginator(events, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "training/public/event_list.html",
        public_context(request, network, site, page_obj=page),
    )


def ratelimited_response(request, exc: RateLimited):
    """The public site's own 429 page (the shell's one speaks to staff)."""
    minutes = max(1, -(-exc.retry_after // 60))
    response = render(request, "training/public/ratelimited.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


def _registration_state(event) -> dict:
    now_open = event.status == EventStatus.PUBLISHED and event.first_start is not None
    from django.utils import timezone

    now_open = now_open and event.first_start > timezone.now()
    places = max(0, event.capacity - event.registered_count)
    return {"is_open": now_open, "places_left": places, "is_full": places == 0}


@public_view
@require_http_methods(["GET", "POST"])
def event_detail(request, slug, public_id):
    network, site = get_public_site_or_404(slug)
    event = selectors.public_event_get(network, public_id)
    if event is None:
        raise Http404
    state = _registration_state(event)
    form = RegistrationForm(request.POST or None, initial={"waiting_list": state["is_full"]})
    offer_waiting_list = state["is_full"]
    if request.method == "POST":
        try:
            hit(
                group="training.registration.ip",
                key=client_ip(request),
                rate=REGISTRATION_RATE_PER_IP,
            )
            hit(
                group="training.registration.email",
                key=(request.POST.get("email") or "").strip().lower()[:254],
                rate=REGISTRATION_RATE_PER_EMAIL,
            )
        except RateLimited as exc:
            return ratelimited_response(request, exc)
        if form.is_valid():
            data = form.cleaned_data
            try:
                registration = services.registration_create(
                    event=event,
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    profession=data["profession"],
                    rpps=data["rpps"],
                    structure=data["structure"],
                    email=data["email"],
                    accept_waiting_list=data["waiting_list"],
                    request=request,
                )
            except services.EventFull as exc:
                form.add_error(None, str(exc))
                offer_waiting_list = True
                form.data = form.data.copy()
                form.data["waiting_list"] = "True"
            except services.TrainingError as exc:
                form.add_error(None, str(exc))
            else:
                done = reverse(
                    "public:registration_done",
                    kwargs={"slug": network.slug, "public_id": event.public_id},
                )
                waiting = registration.status == RegistrationStatus.WAITING
                return redirect(done + ("?attente=1" if waiting else ""))
    return render(
        request,
        "training/public/event_detail.html",
        public_context(
            request,
            network,
            site,
            event=event,
            form=form,
            offer_waiting_list=offer_waiting_list,
            **state,
        ),
        status=400 if request.method == "POST" else 200,
    )


@public_view
@require_http_methods(["GET"])
def registration_done(request, slug, public_id):
    network, site = get_public_site_or_404(slug)
    event = selectors.public_event_get(network, public_id)
    if event is None:
        raise Http404
    return render(
        request,
        "training/public/registration_done.html",
        public_context(request, network, site, event=event, waiting=request.GET.get("attente")),
    )


def _link_page(request, template: str, context: dict, status: int = 200):
    registration = context.get("registration")
    if registration is not None:
        network = registration.event.network
        from maillage.documents.selectors import site_settings

        context = public_context(request, network, site_settings(network), **context)
    return render(request, template, context, status=status)


def _invalid_link(request):
    return render(request, "training/public/invalid_link.html", {}, status=400)


@public_view
@require_http_methods(["GET", "POST"])
def registration_cancel(request, token):
    public_id = read_token(token, CANCEL_SALT)
    registration = selectors.registration_by_public_id(public_id) if public_id else None
    if registration is None:
        return _invalid_link(request)
    context = {"registration": registration, "event": registration.event}
    if registration.status == RegistrationStatus.CANCELLED:
        return _link_page(request, "training/public/cancel_done.html", context | {"already": True})
    if request.method == "POST":
        try:
            hit(
                group="training.registration_cancel.ip",
                key=client_ip(request),
                rate=LINK_RATE_PER_IP,
            )
            services.registration_cancel(registration=registration, request=request)
        except RateLimited as exc:
            return ratelimited_response(request, exc)
        except services.TrainingError as exc:
            context["error"] = str(exc)
            return _link_page(request, "training/public/cancel_confirm.html", context, status=400)
        return _link_page(request, "training/public/cancel_done.html", context)
    return _link_page(request, "training/public/cancel_confirm.html", context)


@public_view
@require_http_methods(["GET", "POST"])
def satisfaction(request, token):
    public_id = read_token(token, SATISFACTION_SALT, max_age=SATISFACTION_MAX_AGE)
    registration = selectors.registration_by_public_id(public_id) if public_id else None
    if registration is None or not registration.attended:
        return _invalid_link(request)
    context = {"registration": registration, "event": registration.event}
    if hasattr(registration, "satisfaction"):
        return _link_page(request, "training/public/satisfaction_done.html", context)
    form = SatisfactionForm(request.POST or None)
    if request.method == "POST":
        try:
            hit(group="training.satisfaction.ip", key=client_ip(request), rate=LINK_RATE_PER_IP)
        except RateLimited as exc:
            return ratelimited_response(request, exc)
        if form.is_valid():
            try:
                services.satisfaction_submit(registration=registration, **form.cleaned_data)
            except services.TrainingError as exc:
                form.add_error(None, str(exc))
            else:
                return _link_page(request, "training/public/satisfaction_done.html", context)
    return _link_page(
        request,
        "training/public/satisfaction_form.html",
        context | {"form": form},
        status=400 if request.method == "POST" else 200,
    )
