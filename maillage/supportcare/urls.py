from django.urls import path

from maillage.supportcare.views import funding, home, providers

app_name = "supportcare"
urlpatterns = [
    path("", home.home, name="home"),
    path("financements/", funding.funding_line_list, name="funding_line_list"),
    path("financements/nouvelle/", funding.funding_line_create, name="funding_line_create"),
    path("financements/<uuid:public_id>/", funding.funding_line_detail, name="funding_line_detail"),
    path(
        "financements/<uuid:public_id>/modifier/",
        funding.funding_line_update,
        name="funding_line_update",
    ),
    path(
        "financements/<uuid:public_id>/regles/nouvelle/",
        funding.rule_version_create,
        name="rule_version_create",
    ),
    path("intervenants/", providers.provider_list, name="provider_list"),
    path("intervenants/nouveau/", providers.provider_create, name="provider_create"),
    path("intervenants/<uuid:public_id>/", providers.provider_detail, name="provider_detail"),
    path(
        "intervenants/<uuid:public_id>/modifier/", providers.provider_update, name="provider_update"
    ),
    path(
        "intervenants/<uuid:public_id>/conventions/nouvelle/",
        providers.convention_create,
        name="convention_create",
    ),
    path(
        "intervenants/<uuid:public_id>/lieux/nouveau/", providers.place_create, name="place_create"
    ),
    path(
        "intervenants/<uuid:public_id>/comptes/nouveau/",
        providers.account_link,
        name="account_link",
    ),
    path(
        "intervenants/<uuid:public_id>/banque/",
        providers.bank_change_create,
        name="bank_change_create",
    ),
    path(
        "intervenants/banque/<uuid:public_id>/decision/",
        providers.bank_change_decide,
        name="bank_change_decide",
    ),
]
