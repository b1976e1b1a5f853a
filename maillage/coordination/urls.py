from django.urls import path

from maillage.coordination.views import panels, patient, work

app_name = "coordination"
urlpatterns = [
    path("patient/<uuid:public_id>/chronologie/", patient.timeline, name="timeline"),
    path(
        "patient/<uuid:public_id>/chronologie/ajouter/",
        patient.timeline_form,
        name="timeline_form",
    ),
    path("patient/<uuid:public_id>/vigilance/", patient.vigilance_add, name="vigilance_add"),
    path(
        "patient/<uuid:public_id>/vigilance/<uuid:note_id>/retirer/",
        patient.vigilance_end,
        name="vigilance_end",
    ),
    path("patient/<uuid:public_id>/messages/", patient.thread, name="thread"),
    path("taches/", work.my_tasks, name="my_tasks"),
    path("taches/<uuid:task_id>/faite/", work.task_complete, name="task_complete"),
    path("taches/<uuid:task_id>/confier/", work.task_reassign, name="task_reassign"),
    path("notifications/", work.inbox, name="inbox"),
    path("notifications/<uuid:notification_id>/", work.open_notification, name="open_notification"),
    path("panneau/<slug:kind>/", panels.panel, name="panel"),
    path("agenda/", work.agenda, name="agenda"),
    path("agenda/agenda.ics", work.agenda_ics, name="agenda_ics"),
]
