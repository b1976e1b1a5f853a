from django.urls import path

from maillage.reporting import urls_study, views

app_name = "reporting"
urlpatterns: list = [
    path("", views.dashboard, name="dashboard"),
    path("detail/<str:key>/", views.drill, name="drilldown"),
    path("telecharger/<str:fmt>/", views.download, name="download"),
    path("objectifs/", views.targets, name="targets"),
    path("panneau/", views.panel, name="panel"),
]
urlpatterns += urls_study.urlpatterns  # the pseudonymised study export (issue 12 §3)
