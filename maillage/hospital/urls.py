from django.urls import path

from maillage.hospital import views

app_name = "hospital"
urlpatterns = [
    path("patient/<uuid:public_id>/sejours/", views.stays, name="stays"),
    path("sejour/<uuid:stay_id>/", views.stay, name="stay"),
    path("sejour/<uuid:stay_id>/point/<uuid:item_id>/", views.item_update, name="item_update"),
    path("sejour/<uuid:stay_id>/fiche-liaison.pdf", views.liaison_sheet, name="liaison_sheet"),
]
