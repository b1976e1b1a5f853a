from django.urls import path

from maillage.networks import views

app_name = "networks"
urlpatterns = [
    path("", views.coverage_view, name="coverage"),
    path("ajouter/", views.coverage_add, name="coverage_add"),
    path("communes/", views.commune_choices, name="commune_choices"),
    path("<uuid:public_id>/retirer/", views.coverage_remove, name="coverage_remove"),
    path("qui-couvre/", views.who_covers, name="who_covers"),
    path("carte/", views.map_view, name="map"),
]
