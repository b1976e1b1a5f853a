from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("maillage.core.urls")),
    path("", include("maillage.documents.public_urls")),  # public site: /reseaux/…, sitemap
    path("compte/", include("maillage.accounts.urls")),
    path("audit/", include("maillage.audit.urls")),
    path("annuaire/", include("maillage.directory.urls")),
    path("fichiers/", include("maillage.files.urls")),
    path("exports/", include("maillage.exports.urls")),
    path("conservation/", include("maillage.retention.urls")),
    path("patients/", include("maillage.patients.urls")),
    path("demandes/", include("maillage.intake.urls")),
    path("evaluations/", include("maillage.assessments.urls")),
    path("pps/", include("maillage.careplans.urls")),
    path("coordination/", include("maillage.coordination.urls")),
    path("hopital/", include("maillage.hospital.urls")),
    path("soins-de-support/", include("maillage.supportcare.urls")),
    path("formations/", include("maillage.training.urls")),
    path("documents/", include("maillage.documents.urls")),
    path("activite/", include("maillage.reporting.urls")),
    path("admin-technique/", admin.site.urls),
]

handler400 = "maillage.core.views.error_400"
handler403 = "maillage.core.views.error_403"
handler404 = "maillage.core.views.error_404"
handler500 = "maillage.core.views.error_500"
