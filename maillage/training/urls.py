from django.urls import path

from maillage.training.views import events, registrations

app_name = "training"
urlpatterns = [
    path("", events.event_list, name="event_list"),
    path("nouveau/", events.event_create, name="event_create"),
    path("satisfaction/", registrations.satisfaction_by_theme, name="satisfaction_by_theme"),
    path("<uuid:public_id>/", events.event_detail, name="event_detail"),
    path("<uuid:public_id>/modifier/", events.event_edit, name="event_edit"),
    path("<uuid:public_id>/creneaux/", events.slot_add, name="slot_add"),
    path(
        "<uuid:public_id>/creneaux/<uuid:slot_id>/supprimer/",
        events.slot_remove,
        name="slot_remove",
    ),
    path("<uuid:public_id>/intervenants/", events.speaker_add, name="speaker_add"),
    path(
        "<uuid:public_id>/intervenants/<uuid:speaker_id>/supprimer/",
        events.speaker_remove,
        name="speaker_remove",
    ),
    path("<uuid:public_id>/publier/", events.event_publish, name="event_publish"),
    path("<uuid:public_id>/annuler/", events.event_cancel, name="event_cancel"),
    path("<uuid:public_id>/tenu/", events.event_mark_held, name="event_mark_held"),
    path("<uuid:public_id>/inscriptions/", registrations.registrations, name="registrations"),
    path(
        "<uuid:public_id>/inscriptions/nouvelle/",
        registrations.registration_add,
        name="registration_add",
    ),
    path(
        "<uuid:public_id>/inscriptions/<uuid:registration_id>/annuler/",
        registrations.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "<uuid:public_id>/inscriptions/<uuid:registration_id>/attestation.pdf",
        registrations.certificate,
        name="certificate",
    ),
    path(
        "<uuid:public_id>/emargement.pdf", registrations.attendance_sheet, name="attendance_sheet"
    ),
    path("<uuid:public_id>/attestations.pdf", registrations.certificates, name="certificates"),
    path("<uuid:public_id>/satisfaction/", registrations.satisfaction, name="satisfaction"),
]
