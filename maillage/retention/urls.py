from django.urls import path

from maillage.retention import views

app_name = "retention"
urlpatterns = [
    path("archives/", views.archive_list, name="archives"),
    path("archives/<str:kind>/<uuid:public_id>/", views.archive_read, name="archive_read"),
]
