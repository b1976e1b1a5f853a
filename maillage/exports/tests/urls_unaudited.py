"""Two download views for the walk's own test: one goes through deliver(), one does not."""

from django.http import HttpResponse
from django.urls import path

from maillage.exports.formats import csv_bytes
from maillage.exports.services import Export, deliver


def leak(request):
    response = HttpResponse(b"a;b", content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="fuite.csv"'
    return response


def clean(request):
    content, rows = csv_bytes(["a"], [["b"]])
    return deliver(
        request,
        Export(
            content=content, filename="propre.csv", fmt="csv", action="tests.x.exported", rows=rows
        ),
    )


urlpatterns = [
    path("fuite.csv", leak, name="leak"),
    path("propre.csv", clean, name="clean"),
]
