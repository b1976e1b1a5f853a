app_name = "reporting"
urlpatterns: list = []

from maillage.reporting.urls_study import urlpatterns as study_urlpatterns  # noqa: E402

urlpatterns += study_urlpatterns  # the pseudonymised study export (issue 12 §3)
