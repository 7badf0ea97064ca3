"""Staff pages: client list, intake, record, export."""

urlpatterns: list = []
