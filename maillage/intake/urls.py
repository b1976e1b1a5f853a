from django.urls import path

from maillage.core.ratelimit import limited
from maillage.intake import views

app_name = "intake"

# 5 sends per IP per hour, 3 per email address per day (shared rate limiter).
_public_form = limited(
    limited(views.public_form, ("ip", "5/h"), group="intake.public_form.ip"),
    ("post:requester_email", "3/d"),
    group="intake.public_form.email",
)

# The public pickers answer as one types: generous, but bounded per IP (GET counted).
_PICKER_RATE = ("ip", "300/h")

urlpatterns = [
    path("", views.queue, name="queue"),
    path("historique/", views.history, name="history"),
    path("nouvelle/", views.create, name="create"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/prendre/", views.take, name="take"),
    path("<uuid:public_id>/reperage/", views.screen, name="screen"),
    path("<uuid:public_id>/reponse/", views.answer, name="answer"),
    path("<uuid:public_id>/reponse.pdf", views.answer_pdf, name="answer_pdf"),
    path("<uuid:public_id>/decision/<str:decision>/", views.decide, name="decide"),
    path("<uuid:public_id>/transmettre/", views.forward, name="forward"),
    path("<uuid:public_id>/rattacher/", views.attach, name="attach"),
    path("<uuid:public_id>/inclure/", views.enrol, name="enrol"),
    path("choix/annuaire/", views.directory_options, name="directory_options"),
    path("choix/communes/", views.commune_options, name="commune_options"),
    path("choix/reseau/", views.routing_hint, name="routing_hint"),
    path("en-ligne/<slug:slug>/", _public_form, name="public_form"),
    path(
        "en-ligne/<slug:slug>/communes/",
        limited(
            views.public_commune_options,
            _PICKER_RATE,
            group="intake.public_pickers",
            methods=("GET",),
        ),
        name="public_commune_options",
    ),
    path(
        "en-ligne/<slug:slug>/reseau/",
        limited(
            views.public_routing_hint,
            _PICKER_RATE,
            group="intake.public_pickers",
            methods=("GET",),
        ),
        name="public_routing_hint",
    ),
    path("en-ligne/<slug:slug>/recepisse/", views.public_receipt, name="public_receipt"),
]
