"""A URL that fails, to see what an error logs (test_logging)."""

from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def broken(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("panne/", broken),
    path("", include("config.urls")),
]
