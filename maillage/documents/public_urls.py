"""Public URLs at the site root (no login): /reseaux/<slug>/…, /sitemap.xml, /robots.txt."""

from django.urls import path

from maillage.documents.views import site
from maillage.training.views import public as training_public

app_name = "public"
urlpatterns = [
    path("robots.txt", site.robots_txt, name="robots"),
    path("sitemap.xml", site.sitemap_xml, name="sitemap"),
    path("reseaux/", site.networks_index, name="networks"),
    path("reseaux/<slug:slug>/", site.network_home, name="network_home"),
    path("reseaux/<slug:slug>/territoire.geojson", site.territory_geojson, name="territory"),
    path("reseaux/<slug:slug>/formations/", training_public.event_list, name="event_list"),
    path(
        "reseaux/<slug:slug>/formations/<uuid:public_id>/",
        training_public.event_detail,
        name="event_detail",
    ),
    path(
        "reseaux/<slug:slug>/formations/<uuid:public_id>/inscription-enregistree/",
        training_public.registration_done,
        name="registration_done",
    ),
    path("reseaux/<slug:slug>/documents/", site.document_list, name="document_list"),
    path(
        "reseaux/<slug:slug>/documents/<uuid:public_id>/",
        site.document_detail,
        name="document_detail",
    ),
    path(
        "reseaux/<slug:slug>/documents/<uuid:public_id>/fichier/",
        site.document_file,
        name="document_file",
    ),
    path("reseaux/<slug:slug>/partenaires/", site.directory_search, name="directory"),
    path(
        "inscriptions/annulation/<str:token>/",
        training_public.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "inscriptions/satisfaction/<str:token>/",
        training_public.satisfaction,
        name="satisfaction",
    ),
]
