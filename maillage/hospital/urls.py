app_name = "hospital"
urlpatterns: list = []
