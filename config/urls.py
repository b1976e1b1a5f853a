from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("maillage.core.urls")),
    path("compte/", include("maillage.accounts.urls")),
    path("audit/", include("maillage.audit.urls")),
    path("admin-technique/", admin.site.urls),
]

handler400 = "maillage.core.views.error_400"
handler403 = "maillage.core.views.error_403"
handler404 = "maillage.core.views.error_404"
handler500 = "maillage.core.views.error_500"
