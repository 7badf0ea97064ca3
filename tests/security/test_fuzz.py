"""Our own fuzz test (issue 21, item 5): no input reaches a 5xx.

For every URL of the access matrix (tests/access.py) and every persona that may open it (200
in the matrix), one field at a time gets each hostile value below while every other field keeps
a valid value, so that the value gets past the form to the code behind it:

- **GET parameters**: every parameter the page reads — seen while it answers (each
  ``request.GET.get``, ``[…]``, ``getlist`` and ``in`` of the request, forms bound to
  ``request.GET`` included), also those it reads only once another parameter has a value —
  and the fields of its GET forms; the others as the matrix's row opens the page (``query``).
- **Forms**: every form on the page (parsed from its HTML: inputs, selects, textareas, the
  first named submit button), sent as it says (POST with its CSRF token, or GET). The valid
  values are the form's own (what the page filled in, the option it selected, what is checked);
  a required field the page leaves empty gets one that fits its input type (``_valid_for``).
  Each field in turn gets every hostile value; then the form once as rendered and once with
  every field empty.

A field or parameter of one view is fuzzed once per URL, by the first persona that meets it
(the same form for several personas, or on objects made afresh for each, is the same code).
Each request runs in a savepoint rolled back after it, with the cache (rate limits) cleared and
the browser's cookies put back, so every value meets the same page. A 4xx or a form error is
the right answer; a 5xx, or an exception out of a view, is collected with the persona, method,
path, field and value, and the test fails once with all of them. One test per URL, so xdist
spreads them; personas and records are made once per module (tests/access_world.py), each
persona signed in once per URL.
"""

from __future__ import annotations

import copy
import datetime
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.core.cache import cache
from django.db import transaction
from django.http import QueryDict
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from tests import access_world
from tests.access import OK, gather_rows
from tests.access_world import PersonaRequest
from tests.factories import TEST_PASSWORD

matrix_world = access_world.matrix_world  # the module-scoped fixture

MATRIX = gather_rows()

HOSTILE = [
    "①",  # isdigit() says yes, int() says no
    "٣",  # an Arabic-Indic digit: int() reads it as 3
    "9999-12-31",  # dates outside a sane range
    "0001-01-01",
    "2026-13-45",
    "NaN",
    "-Infinity",
    "1e999",
    "9" * 5000,  # more digits than Python turns into an int
    "9223372036854775808",  # one past PostgreSQL's bigint
    "-1",
    "a\x00b",
    "line one\r\nline two",  # a line break where one line is meant
    "x" * 20_000,
    "<script>alert(1)</script>'\"",
    "",
]
# What each kind of field gets. A field typed in (text, textarea, hidden, a GET parameter) gets
# every value above. A field whose page offers choices (select, radio, checkbox) is looked up
# among them, by id or by code: the values that break a lookup (not a digit, too many digits,
# past bigint, NUL, nothing). A number or date input is parsed: the values above meant for
# parsers, with NUL and nothing.
_CHOICE = ["①", "9" * 5000, "9223372036854775808", "a\x00b", ""]
_NUMBER = ["①", "٣", "NaN", "-Infinity", "1e999", "9" * 5000, "9223372036854775808", "-1"]
_DATE = ["9999-12-31", "0001-01-01", "2026-13-45", "①", "٣", "9" * 5000]
HOSTILE_FOR_KIND = {
    **dict.fromkeys(("select", "radio", "checkbox"), _CHOICE),
    "number": [*_NUMBER, "a\x00b", ""],
    **dict.fromkeys(("date", "datetime-local", "time", "month"), [*_DATE, "a\x00b", ""]),
}
assert all(set(values) <= set(HOSTILE) for values in HOSTILE_FOR_KIND.values())
# Forms that end the session or leave the site: fuzzing them proves nothing and stops the run.
SKIP_ACTIONS = ("/accounts/logout/",)
# Valid values for a required field the page leaves empty, by the field's name, then by its
# input type (``_valid_for``).
VALID_BY_NAME = {"password": TEST_PASSWORD}


def _valid_for(kind: str, attrs: dict) -> str:
    today = datetime.date.today()
    by_kind = {
        "date": today.isoformat(),
        "datetime-local": f"{today.isoformat()}T10:00",
        "time": "10:00",
        "month": today.strftime("%Y-%m"),
        "number": attrs.get("min") or "1",
        "email": "someone@example.org",
        "tel": "555 0100",
        "url": "https://example.org/",
        "password": TEST_PASSWORD,
        "checkbox": attrs.get("value") or "on",
    }
    return by_kind.get(kind, "Some plain words")


class _Form:
    def __init__(self, method: str, action: str):
        self.method = method
        self.action = action
        self.names: list[str] = []  # every field, in page order
        self.kinds: dict[str, str] = {}  # name -> input type, "select", "textarea"
        self.valid: dict[str, list[str]] = {}  # the values a browser would send, made valid
        self.token = ""

    def field(self, name: str, kind: str) -> None:
        if name not in self.names:
            self.names.append(name)
            self.kinds[name] = kind

    def send(self, name: str, value: str, kind: str) -> None:
        self.field(name, kind)
        self.valid.setdefault(name, []).append(value)


class _Forms(HTMLParser):
    """The forms of a page, each with its fields and the values a browser would send."""

    def __init__(self):
        super().__init__()
        self.forms: list[_Form] = []
        self._form: _Form | None = None
        self._select = None  # [name, required, options, selected]
        self._textarea = None  # [name, required, text]
        self._submit_sent = False
        self._radios: dict[str, tuple[bool, str]] = {}  # name -> (required, first value)

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            self._form = _Form(method, attrs.get("action") or "")
            self.forms.append(self._form)
            self._submit_sent, self._radios = False, {}
            return
        if self._form is None or not attrs.get("name") and tag != "option":
            return
        name, required = attrs.get("name"), "required" in attrs
        if tag == "input":
            self._input(name, (attrs.get("type") or "text").lower(), required, attrs)
        elif tag == "button" and (attrs.get("type") or "submit").lower() == "submit":
            self._submit(name, attrs.get("value") or "")
        elif tag == "select":
            self._select = [name, required, [], []]
        elif tag == "option" and self._select is not None:
            self._select[2].append(attrs.get("value"))
            if "selected" in attrs:
                self._select[3].append(attrs.get("value"))
        elif tag == "textarea":
            self._textarea = [name, required, ""]

    def _input(self, name, kind, required, attrs):
        form = self._form
        if kind in ("button", "image", "reset", "file"):
            return
        if kind == "submit":
            self._submit(name, attrs.get("value") or "")
        elif name == "csrfmiddlewaretoken":
            form.token = attrs.get("value") or ""
        elif kind in ("checkbox", "radio"):
            form.field(name, kind)
            if "checked" in attrs:
                form.send(name, attrs.get("value") or "on", kind)
            elif kind == "radio" and name not in self._radios:
                self._radios[name] = (required, attrs.get("value") or "on")
            elif kind == "checkbox" and required:
                form.send(name, _valid_for(kind, attrs), kind)
        else:
            value = attrs.get("value") or ""
            if not value and required:
                value = VALID_BY_NAME.get(name) or _valid_for(kind, attrs)
            form.send(name, value, kind)

    def _submit(self, name, value):
        if name and not self._submit_sent:
            self._form.send(name, value, "submit")
            self._submit_sent = True

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[2] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None and self._form is not None:
            name, required, options, selected = self._select
            chosen = selected or [next((o for o in options if o), options[0] if options else "")]
            for value in chosen:
                self._form.send(name, value, "select")
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, required, text = self._textarea
            text = text.removeprefix("\n")
            self._form.send(name, text or ("Some plain words" if required else ""), "textarea")
            self._textarea = None
        elif tag == "form" and self._form is not None:
            for name, (required, first) in self._radios.items():
                if required and name not in self._form.valid:
                    self._form.send(name, first, "radio")
            self._form = None


def _forms(page: str, url: str):
    """The page's forms whose action stays on the site, with their target path."""
    parser = _Forms()
    parser.feed(page)
    for form in parser.forms:
        target = urljoin(url, form.action) if form.action else url
        if urlsplit(target).netloc not in ("", "testserver") or target.startswith(SKIP_ACTIONS):
            continue
        if form.names:
            yield urlsplit(target).path, form


class _Reads:
    """The names requests look up in a QueryDict (``request.GET``) while they are answered:
    every ``get``, ``getlist``, ``[…]`` and ``in``, forms bound to ``request.GET`` included."""

    def __init__(self, monkeypatch):
        self.names: set[str] = set()
        for method in ("get", "getlist", "__getitem__", "__contains__"):
            original = getattr(QueryDict, method)

            def spy(querydict, key, *args, _original=original, **kwargs):
                if isinstance(key, str):
                    self.names.add(key)
                return _original(querydict, key, *args, **kwargs)

            monkeypatch.setattr(QueryDict, method, spy)


class _Fuzzer:
    """One URL's requests, each in a savepoint rolled back after it; a field (or parameter)
    of one view is fuzzed once, whichever persona meets it first."""

    def __init__(self, url_name: str, reads: _Reads):
        self.url_name = url_name
        self.reads = reads
        self.failures: list[str] = []
        self.fuzzed: set[tuple[str, str, str]] = set()  # (method, view route, field)
        self.persona = ""
        self.browser = Client()

    def sign_in(self, persona: str, user) -> None:
        self.persona = persona
        self.browser = Client()
        if user is not None:
            self.browser.force_login(user)

    def send(self, method: str, path: str, data, what: str):
        cache.clear()  # rate limits and used TOTP codes: every value meets the same page
        cookies = copy.deepcopy(self.browser.cookies)
        label = f"{self.persona} {method.upper()} {path} {what}"
        try:
            with transaction.atomic():
                response = getattr(self.browser, method)(path, data)
                transaction.set_rollback(True)
        except Exception as error:  # the test client re-raises what a view raised: a 500
            self.failures.append(f"{label}: {type(error).__name__}: {str(error)[:300]}")
            return None
        finally:
            self.browser.cookies = cookies
        if response.status_code >= 500:
            self.failures.append(f"{label}: {response.status_code}")
        return response

    def one_at_a_time(self, method, path, valid: dict, name: str, kind="text", token="") -> None:
        """``name`` gets each hostile value for its kind in turn; the others keep ``valid``."""
        try:
            key = (method, resolve(path).route, name)
        except Resolver404:
            key = (method, path, name)
        if key in self.fuzzed:
            return
        self.fuzzed.add(key)
        extra = {"csrfmiddlewaretoken": token} if method == "post" else {}
        for value in HOSTILE_FOR_KIND.get(kind, HOSTILE):
            self.send(method, path, {**valid, name: value, **extra}, f"{name}={value[:20]!r}")

    def persona_on(self, url: str, row) -> None:
        """Everything on ``url`` for the signed-in persona."""
        self.reads.names.clear()
        baseline = dict(parse_qsl(row.query.lstrip("?"), keep_blank_values=True))
        page = self.send("get", url, baseline, "(as the matrix opens it)")
        if page is None:
            return
        forms = []
        if page["Content-Type"].startswith("text/html"):
            forms = list(_forms(page.content.decode(), url))
        # The parameters the page reads, its own GET forms' fields, and any it reads only
        # once another has a value (seen while the first ones are fuzzed).
        done: set[str] = {"csrfmiddlewaretoken"}
        pending = set(self.reads.names)
        kinds = {}
        for target, form in forms:
            if form.method == "get" and target == url:
                kinds.update(form.kinds)
        pending.update(kinds)
        while pending - done:
            name = min(pending - done)
            done.add(name)
            self.one_at_a_time("get", url, baseline, name, kinds.get(name, "text"))
            pending |= self.reads.names
        for target, form in forms:
            if form.method == "get" and target == url:
                continue
            before = len(self.fuzzed)
            for name in form.names:
                kind = form.kinds[name]
                self.one_at_a_time(form.method, target, form.valid, name, kind, form.token)
            if len(self.fuzzed) > before:
                extra = {"csrfmiddlewaretoken": form.token} if form.method == "post" else {}
                self.send(form.method, target, {**form.valid, **extra}, "(the form as rendered)")
                empty = dict.fromkeys(form.names, "")
                self.send(form.method, target, {**empty, **extra}, "(every field empty)")


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_no_input_reaches_a_5xx(url_name, request, db, matrix_world, monkeypatch):
    row = MATRIX[url_name]
    fuzzer = _Fuzzer(url_name, _Reads(monkeypatch))
    for persona in (p for p, status in row.expected.items() if status == OK):
        # The row's objects are built afresh for each persona, as the matrix does.
        with transaction.atomic():
            url = reverse(url_name, kwargs=row.kwargs(PersonaRequest(request, matrix_world)))
            user = None if persona == "anonymous" else copy.deepcopy(matrix_world[persona])
            fuzzer.sign_in(persona, user)
            fuzzer.persona_on(url, row)
            transaction.set_rollback(True)
    failures = fuzzer.failures
    assert failures == [], f"{len(failures)} requests reached a 5xx:\n" + "\n".join(failures)
