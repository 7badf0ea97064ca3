"""No page is wider than the window (issue 18, item 3).

Every page of the access matrix (tests/**/access_rows.py) that a persona may open (200 there)
is shown in Chromium as that persona sees it, on the matrix's own data (``matrix_world``: the
personas, ``client_record`` and the objects each row builds, in a savepoint rolled back after
each persona, exactly as tests/test_access_matrix.py does), and
``document.documentElement.scrollWidth`` is measured with the window 1280 px wide and again at
390 px (a phone): neither may exceed the window.

Django's test client fetches the page inside the persona's savepoint; the browser is handed
it (and the static files, from the finders) at ``http://testserver/`` by a Playwright route,
so no live server and no committed data are needed. Pages that are not HTML
(CSV, calendars, JSON) are left out. One test per URL, every persona's mismatch reported at once.
"""

from __future__ import annotations

import copy
import mimetypes
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests import access_world
from tests.access import OK, gather_rows
from tests.access_world import PersonaRequest

pytestmark = pytest.mark.e2e

MATRIX = gather_rows()
# The access matrix's world (module-scoped fixture), built once for this module too.
matrix_world = access_world.matrix_world
WIDTHS = (1280, 390)
ORIGIN = "http://testserver"
# Two animation frames and a moment: what a page's scripts take to follow a new width.
SETTLED = """() => new Promise((done) =>
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 100))))"""


def _serve(url: str, page):
    """A Playwright route handler answering ``url`` with ``page`` (a Django response) and
    static files from the finders; anything else the page asks for is refused."""

    def handle(route):
        path = route.request.url.removeprefix(ORIGIN)
        if path == url:
            return route.fulfill(
                status=page.status_code, headers=dict(page.items()), body=page.content
            )
        found = path.startswith("/static/") and finders.find(
            path.removeprefix("/static/").split("?")[0]
        )
        if not found:
            return route.abort()
        kind = mimetypes.guess_type(found)[0] or "application/octet-stream"
        route.fulfill(status=200, body=Path(found).read_bytes(), content_type=kind)

    return handle


def _widths(browser, client: Client, url: str) -> list[str]:
    """The widths at which the page at ``url`` is wider than the window (HTML pages only)."""
    page = client.get(url)
    if page.status_code != OK or not page["Content-Type"].startswith("text/html"):
        return []
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900})
    try:
        context.route(f"{ORIGIN}/**", _serve(url, page))
        tab = context.new_page()
        tab.goto(ORIGIN + url)
        found = []
        for width in WIDTHS:
            tab.set_viewport_size({"width": width, "height": 900})
            tab.evaluate(SETTLED)  # charts redraw at the new width (a resize observer)
            scroll = tab.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                found.append(f"{url} at {width} px is {scroll} px wide")
        return found
    finally:
        context.close()


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_no_page_is_wider_than_the_window(url_name, browser, request, db, matrix_world):
    row = MATRIX[url_name]
    failures = []
    for persona in (p for p, status in row.expected.items() if status == OK):
        cache.clear()
        with transaction.atomic():
            url = reverse(url_name, kwargs=row.kwargs(PersonaRequest(request, matrix_world)))
            client = Client()
            if persona != "anonymous":
                client.force_login(copy.deepcopy(matrix_world[persona]))
            failures += [f"{persona} {p}" for p in _widths(browser, client, url + row.query)]
            transaction.set_rollback(True)
    assert failures == [], "\n".join(failures)
