from django.urls import path

from maillage.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.search_view, name="search"),
    path("professionnels/nouveau/", views.professional_create, name="professional_create"),
    path("professionnels/<uuid:public_id>/", views.professional_detail, name="professional"),
    path(
        "professionnels/<uuid:public_id>/reseau/",
        views.professional_network_info,
        name="professional_network_info",
    ),
    path(
        "professionnels/<uuid:public_id>/vcard/",
        views.professional_vcard_view,
        name="professional_vcard",
    ),
    path("lieux/<uuid:public_id>/coordonnees/", views.activity_contact, name="activity_contact"),
    path("structures/<uuid:public_id>/", views.organisation_detail, name="organisation"),
    path("services/nouveau/", views.resource_edit, name="resource_create"),
    path("services/<uuid:public_id>/", views.resource_detail, name="resource"),
    path("services/<uuid:public_id>/modifier/", views.resource_edit, name="resource_edit"),
    path("services/<uuid:public_id>/verifie/", views.resource_checked, name="resource_checked"),
]
