from django.urls import path

from maillage.supportcare.views import funding, home, portal, providers, referrals, statements

app_name = "supportcare"
urlpatterns = [
    path("", home.home, name="home"),
    path("tableau-de-bord/", home.dashboard_panel, name="dashboard_panel"),
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
    path("budget/", statements.budget, name="budget"),
    path("patients/<uuid:public_id>/", referrals.patient_section, name="patient_section"),
    path(
        "patients/<uuid:public_id>/orientation/",
        referrals.referral_create,
        name="referral_create",
    ),
    path("orientations/", referrals.referral_list, name="referral_list"),
    path("orientations/<uuid:public_id>/", referrals.referral_detail, name="referral_detail"),
    path("orientations/<uuid:public_id>/seances/", referrals.session_create, name="session_create"),
    path(
        "orientations/<uuid:public_id>/statut/", referrals.referral_status, name="referral_status"
    ),
    path(
        "orientations/<uuid:public_id>/derogation/",
        referrals.exception_grant,
        name="exception_grant",
    ),
    path("seances/<uuid:public_id>/resultat/", referrals.session_outcome, name="session_outcome"),
    path("seances/<uuid:public_id>/annulation/", referrals.session_cancel, name="session_cancel"),
    path("releves/", statements.statement_list, name="statement_list"),
    path("releves/<uuid:public_id>/", statements.statement_detail, name="statement_detail"),
    path("releves/<uuid:public_id>/paiement/", statements.statement_paid, name="statement_paid"),
    path("releves/<uuid:public_id>/releve.csv", statements.statement_csv, name="statement_csv"),
    path("releves/<uuid:public_id>/releve.pdf", statements.statement_pdf, name="statement_pdf"),
    path("mes-seances/", portal.provider_home, name="provider_home"),
    path("mes-seances/<uuid:public_id>/", portal.provider_referral, name="provider_referral"),
    path(
        "mes-seances/<uuid:public_id>/seances/",
        portal.provider_session_create,
        name="provider_session_create",
    ),
]
