app_name = "casework"
urlpatterns = []
