from django.urls import path

from maillage.careplans.views import downloads, edit, pages

app_name = "careplans"
urlpatterns = [
    path("patient/<uuid:public_id>/", pages.patient_pps, name="patient_pps"),
    path("patient/<uuid:public_id>/commencer/", edit.pps_start, name="start"),
    path("version/<uuid:public_id>/", pages.version_detail, name="version"),
    path("version/<uuid:public_id>/differences/", pages.version_diff, name="diff"),
    path("version/<uuid:public_id>/section/<str:section>/", edit.section_save, name="section"),
    path("version/<uuid:public_id>/probleme/", edit.problem_add, name="problem_add"),
    path("version/<uuid:public_id>/importer/", edit.problems_import, name="problems_import"),
    path("version/<uuid:public_id>/objectif/", edit.goal_add, name="goal_add"),
    path("version/<uuid:public_id>/action/", edit.action_add, name="action_add"),
    path("version/<uuid:public_id>/alerte/", edit.alert_add, name="alert_add"),
    path("version/<uuid:public_id>/modele/", edit.template_apply, name="template_apply"),
    path("version/<uuid:public_id>/soumettre/", edit.submit, name="submit"),
    path("version/<uuid:public_id>/accord-medecin/", edit.gp_agree, name="gp_agree"),
    path("version/<uuid:public_id>/accord-medecin/saisie/", edit.gp_record, name="gp_record"),
    path("version/<uuid:public_id>/accord-patient/", edit.patient_agreement, name="patient_agree"),
    path("version/<uuid:public_id>/valider/", edit.validate, name="validate"),
    path("version/<uuid:public_id>/reviser/", edit.revise, name="revise"),
    path("version/<uuid:public_id>/pdf/<str:kind>/", downloads.version_pdf, name="pdf"),
    path("version/<uuid:public_id>/fhir/", downloads.version_fhir, name="fhir"),
    path("action/<uuid:public_id>/etat/", edit.action_status, name="action_status"),
]
