from django.urls import path

from maillage.documents.views import library as views

app_name = "documents"
urlpatterns = [
    path("", views.library, name="library"),
    path("nouveau/", views.document_create, name="create"),
    path("site-public/", views.site_settings, name="site_settings"),
    path("site-public/contacts/", views.contact_add, name="contact_add"),
    path(
        "site-public/contacts/<uuid:contact_id>/supprimer/",
        views.contact_remove,
        name="contact_remove",
    ),
    path("<uuid:public_id>/", views.document_detail, name="detail"),
    path("<uuid:public_id>/modifier/", views.document_edit, name="edit"),
    path("<uuid:public_id>/retirer/", views.document_archive, name="archive"),
    path("<uuid:public_id>/versions/nouvelle/", views.version_add, name="version_add"),
    path(
        "<uuid:public_id>/versions/<uuid:version_id>/publier/",
        views.version_publish,
        name="version_publish",
    ),
]
