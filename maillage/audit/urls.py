from django.urls import path

from maillage.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.search, name="search"),
    path("export/", views.export, name="export"),
    path("alertes/", views.alert_list, name="alert_list"),
    path("alertes/<uuid:public_id>/traitee/", views.alert_handled, name="alert_handled"),
]
