"""Run as a script by tests/core/test_embedded_mode.py, inside the README's embedded mode
(SQLite and the file-system broker, demo data seeded): every demo persona opens every page its
menu offers, and staff every tab of the demo client's record; a case manager searches the
directory. Prints JSON: what was opened, which answered with a server error, what each search
found."""

import html
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery_portal.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from clients.models import Client as Record  # noqa: E402
from clients.selectors.record import clients_for  # noqa: E402
from recovery_portal.accounts.models import User  # noqa: E402
from recovery_portal.plugins import nav_for, record_tabs  # noqa: E402

PERSONAS = [
    "admin@example.org",
    "supervisor@example.org",
    "casemanager@example.org",
    "facilitator@example.org",
    "client@example.org",
]
record = Record.objects.get(user__email="client@example.org")
opened, errors = [], []
for email in PERSONAS:
    user = User.objects.get(email=email)
    browser = Client(raise_request_exception=False)
    browser.force_login(user)
    links = nav_for(user, "")
    urls = [item["url"] for link in links for item in link.get("menu", [link])]
    if clients_for(user).filter(pk=record.pk).exists():
        urls += [reverse(tab.url_name, args=[record.pk]) for tab in record_tabs()]
        urls.append(reverse("clients:emergency_summary", args=[record.pk]))
    for url in dict.fromkeys(urls):
        status = browser.get(url).status_code
        opened.append([email, url, status])
        if status >= 500:
            errors.append([email, url, status])
# The directory's search falls back to parts of words on SQLite (casework/selectors/resource.py):
# what a few words find in the demo directory, by name.
searcher = Client(raise_request_exception=False)
searcher.force_login(User.objects.get(email="casemanager@example.org"))


def _names_found(words: str) -> list[str]:
    """The services a directory search lists, by name (read from the page: a script has no
    template context)."""
    page = searcher.get(reverse("casework:resources"), {"q": words}).content.decode()
    found = re.findall(r'<h2 class="h5 mb-1"><a href="/resources/\d+/">([^<]+)</a>', page)
    return [html.unescape(name) for name in found]


searches = {words: _names_found(words) for words in ("sober", "food pantry", "Narcan", "Legal")}
print(json.dumps({"opened": opened, "errors": errors, "searches": searches}))
