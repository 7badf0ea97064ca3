"""Our own fuzz test (issue 21, item 5): no input reaches a 5xx.

For every URL of the access matrix (tests/access.py) and every persona that may open it (200
in the matrix), each hostile value below is sent as every GET parameter the portal reads
(``GET_PARAMS``: found with ``grep request.GET``, all sent at once), and as every field of
every form on the page (parsed from its HTML: inputs, selects, textareas, posted with the
CSRF token), all fields at once; then each form once empty (a form several personas see, once).
A 4xx or a form error is the right answer; a 5xx fails, naming the URL, persona, value and
fields.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from tests.access import OK, gather_rows

MATRIX = gather_rows()

HOSTILE = [
    "①",  # isdigit() says yes, int() says no
    "٣",  # an Arabic-Indic digit
    "9999-12-31",
    "0001-01-01",
    "2026-13-45",
    "NaN",
    "-Infinity",
    "1e999",
    "9" * 5000,  # more digits than Python turns into an int
    "-1",
    "a\x00b",
    "line one\r\nline two",
    "x" * 20_000,
    "<script>alert(1)</script>'\"",
    "",
]
GET_PARAMS = [
    "a", "b", "category", "client", "date", "day", "fellowship", "followup", "for", "mode",
    "page", "q", "resource", "scope", "sort", "stale", "start", "status", "time", "type", "view",
    "waiting", "when", "year",
]  # fmt: skip
# Forms that end the session or leave the site: fuzzing them proves nothing and stops the run.
SKIP_ACTIONS = ("/accounts/logout/",)


class _Forms(HTMLParser):
    """The POST forms of a page: (action, {field name: [values]}), CSRF token kept apart."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict[str, list[str]]]] = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                self._current = (attrs.get("action") or "", {})
                self.forms.append(self._current)
        elif self._current is not None and tag in ("input", "select", "textarea"):
            name = attrs.get("name")
            kind = (attrs.get("type") or "").lower()
            if name and kind not in ("submit", "button", "image", "reset"):
                self._current[1].setdefault(name, []).append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def _forms(page: str, url: str):
    parser = _Forms()
    parser.feed(page)
    for action, fields in parser.forms:
        target = urljoin(url, action) if action else url
        if urlsplit(target).netloc not in ("", "testserver") or target.startswith(SKIP_ACTIONS):
            continue
        token = fields.pop("csrfmiddlewaretoken", [""])[0]
        yield urlsplit(target).path, token, sorted(fields)


def _signed_in(request, persona: str) -> Client:
    browser = Client()
    if persona != "anonymous":
        browser.force_login(request.getfixturevalue(persona))
    return browser


def _no_5xx(response, what: str) -> None:
    assert response.status_code < 500, f"{response.status_code} on {what}"


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_no_input_reaches_a_5xx(url_name, request, client_record, other_client_record):
    row = MATRIX[url_name]
    url = reverse(url_name, kwargs=row.kwargs(request))
    seen = set()  # a form two personas both see is fuzzed once
    for persona in (p for p, status in row.expected.items() if status == OK):
        browser = _signed_in(request, persona)
        for value in HOSTILE:
            query = urlencode(dict.fromkeys(GET_PARAMS, value))
            _no_5xx(browser.get(f"{url}?{query}"), f"{persona} GET {url} ?…={value[:20]!r}")
        page = browser.get(url + row.query)
        if not page["Content-Type"].startswith("text/html"):
            continue
        for target, token, names in _forms(page.content.decode(), url):
            if (target, tuple(names)) in seen:
                continue
            seen.add((target, tuple(names)))
            for value in [*HOSTILE, None]:
                data = dict.fromkeys(names, "" if value is None else value)
                response = browser.post(target, {**data, "csrfmiddlewaretoken": token})
                _no_5xx(response, f"{persona} POST {target} {names} = {str(value)[:20]!r}")
