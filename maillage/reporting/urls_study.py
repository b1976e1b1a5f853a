"""The study export's URL, included by maillage/reporting/urls.py (names: reporting:…)."""

from django.urls import path

from maillage.reporting import views_study

urlpatterns = [
    path("etude-pseudonymisee/", views_study.study_export, name="study_export"),
]
