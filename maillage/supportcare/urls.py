app_name = "supportcare"
urlpatterns: list = []
