from django.urls import path

from maillage.patients.views import (
    careteam,
    external,
    identity,
    journal,
    lists,
    merge,
    record,
    rights,
)

app_name = "patients"
urlpatterns = [
    path("", identity.patient_list, name="list"),
    path("nouveau/", identity.patient_create, name="create"),
    path("mes-patients/", lists.my_patients, name="my_patients"),
    path("communes/", identity.communes_for_postcode, name="communes_for_postcode"),
    path("annuaire/", careteam.directory_candidates, name="directory_candidates"),
    path("invitation/<str:token>/", external.invitation_accept, name="invitation_accept"),
    path("file-active/", lists.caseload, name="caseload"),
    path("file-active/<uuid:public_id>/", lists.caseload_detail, name="caseload_detail"),
    path("fusion/<uuid:public_id>/annuler/", merge.patient_merge_undo, name="merge_undo"),
    path("<uuid:public_id>/", identity.patient_detail, name="detail"),
    path("<uuid:public_id>/identite/", identity.patient_edit, name="edit"),
    path("<uuid:public_id>/doublons/", identity.patient_duplicates, name="duplicates"),
    path("<uuid:public_id>/fusion/<uuid:other_id>/", merge.patient_merge, name="merge"),
    path("<uuid:public_id>/consentement/", record.consents, name="consents"),
    path(
        "<uuid:public_id>/consentement/<uuid:consent_id>/retrait/",
        record.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<uuid:public_id>/entourage/", record.carers, name="carers"),
    path("<uuid:public_id>/entourage/<uuid:carer_id>/", record.carer_edit, name="carer_edit"),
    path("<uuid:public_id>/entourage/<uuid:carer_id>/fin/", record.carer_end, name="carer_end"),
    path("<uuid:public_id>/equipe/", careteam.care_team, name="care_team"),
    path("<uuid:public_id>/equipe/<uuid:member_id>/", careteam.member_edit, name="member_edit"),
    path(
        "<uuid:public_id>/equipe/<uuid:member_id>/invitation/",
        careteam.member_invite,
        name="member_invite",
    ),
    path("<uuid:public_id>/inclusion/", record.enrolments, name="enrolments"),
    path(
        "<uuid:public_id>/inclusion/<uuid:enrolment_id>/",
        record.enrolment_edit,
        name="enrolment_edit",
    ),
    path("<uuid:public_id>/journal/", journal.journal, name="journal"),
    path(
        "<uuid:public_id>/journal/<uuid:entry_id>/correction/",
        journal.journal_correct,
        name="journal_correct",
    ),
    path("<uuid:public_id>/taches/", journal.tasks, name="tasks"),
    path(
        "<uuid:public_id>/taches/<uuid:task_id>/faite/", journal.task_complete, name="task_complete"
    ),
    path("<uuid:public_id>/droits/", rights.rights_page, name="rights"),
    path("<uuid:public_id>/droits/dossier.pdf", rights.export_pdf, name="export_pdf"),
    path("<uuid:public_id>/droits/dossier.json", rights.export_json, name="export_json"),
    path("<uuid:public_id>/acces/", rights.access_log, name="access_log"),
]
