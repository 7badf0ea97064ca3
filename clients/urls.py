"""The clients app's pages. Staff pages about records and intake are in urls_record.py; the
client's own pages, consents and support network in urls_consent.py."""

from .urls_consent import urlpatterns as consent_patterns
from .urls_record import urlpatterns as record_patterns

app_name = "clients"
urlpatterns = record_patterns + consent_patterns
