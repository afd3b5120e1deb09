app_name = "support-api"
urlpatterns: list = []
