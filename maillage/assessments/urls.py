from django.urls import path

from maillage.assessments import views

app_name = "assessments"
urlpatterns = [
    path("patient/<uuid:public_id>/", views.patient_tab, name="patient_tab"),
    path("patient/<uuid:public_id>/nouvelle/", views.assessment_create, name="create"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/<uuid:public_id>/basculer/", views.catalogue_toggle, name="catalogue_toggle"),
    path("<uuid:public_id>/", views.assessment_detail, name="detail"),
    path("<uuid:public_id>/enregistrer/", views.assessment_autosave, name="autosave"),
    path("<uuid:public_id>/signer/", views.assessment_sign, name="sign"),
    path("<uuid:public_id>/problemes/", views.problem_add, name="problem_add"),
    path(
        "<uuid:public_id>/problemes/<uuid:problem_id>/retirer/",
        views.problem_remove,
        name="problem_remove",
    ),
    path("<uuid:public_id>/instruments/<slug:code>/", views.instrument_fill, name="instrument"),
]
urlpatterns += [
    path("resultats/<uuid:public_id>/", views.result_detail, name="result"),
    path("resultats/<uuid:public_id>/corriger/", views.result_correct, name="result_correct"),
]
