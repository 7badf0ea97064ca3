"""Reading a page's GET parameters: one parser for every view.

A parameter that is missing or empty takes its default; one that is present but cannot be
read (a date outside the years the portal deals in, digits that are not ASCII ``0``–``9``, a
number too large, a NUL or a line break, a choice not offered) raises ``BadParameter``, which
Django answers as a 400 and ``recovery_portal.home.errors.bad_request`` shows in plain words.
Never a ``ValueError`` of Python's, so never a 500.

    monday = params.date(request, "start", default=today)
    day = params.integer(request, "day", minimum=0, maximum=6)
    view = params.choice(request, "view", ("week", "month"), default="week")
    page = params.page(request, notes, 25)  # ?page=N of a list
    search = params.form(request, SearchForm)  # a search form over the parameters
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from django.core.exceptions import BadRequest
from django.core.paginator import Page, Paginator

# Dates the portal deals in: a calendar or a week view outside these years is a mistake (and
# at the edges of Python's calendar, year 1 and 9999, moving a week or a month would fail).
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2200, 12, 31)
MAX_TEXT = 200
_DIGITS = re.compile(r"[0-9]{1,9}")  # ASCII digits only, and never a number Python chokes on
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class BadParameter(BadRequest):
    """A GET parameter the page cannot read; its message says which and why, plainly."""


def text(request, name: str, *, default: str = "", max_length: int = MAX_TEXT) -> str:
    """One line of text: refused with a NUL, a line break or more than ``max_length``."""
    value = request.GET.get(name, "")
    if not value:
        return default
    if "\x00" in value or "\n" in value or "\r" in value:
        raise BadParameter(f'"{name}" must be one line of plain text.')
    if len(value) > max_length:
        raise BadParameter(f'"{name}" is longer than {max_length} characters.')
    return value


def integer(request, name: str, *, default=None, minimum: int = 0, maximum: int = 10**9):
    value = text(request, name)
    if not value:
        return default
    if not _DIGITS.fullmatch(value) or not minimum <= int(value) <= maximum:
        raise BadParameter(f'"{name}" must be a whole number from {minimum} to {maximum}.')
    return int(value)


def date(request, name: str, *, default=None) -> dt.date | None:
    """A YYYY-MM-DD date between ``MIN_DATE`` and ``MAX_DATE``."""
    value = text(request, name)
    if not value:
        return default
    try:
        found = dt.date.fromisoformat(value) if _DATE.fullmatch(value) else None
    except ValueError:
        found = None
    if found is None or not MIN_DATE <= found <= MAX_DATE:
        raise BadParameter(
            f'"{name}" must be a date as YYYY-MM-DD between {MIN_DATE.year} and {MAX_DATE.year}.'
        )
    return found


def choice(request, name: str, choices: Iterable[str], *, default: str = "") -> str:
    value = text(request, name)
    if not value:
        return default
    allowed = list(choices)
    if value not in allowed:
        raise BadParameter(f'"{name}" must be one of: {", ".join(allowed)}.')
    return value


def form(request, form_class, **kwargs):
    """A search form bound to the page's parameters (unbound when there are none). One whose
    values it cannot read is refused like any parameter, naming each field and why, rather than
    answered with an unfiltered list (or CSV) under an error."""
    found = form_class(request.GET or None, **kwargs)
    if found.is_bound and not found.is_valid():
        raise BadParameter(
            "; ".join(f'"{name}": {" ".join(errors)}' for name, errors in found.errors.items())
        )
    return found


def page(request, items, per_page: int) -> Page:
    """The page of ``items`` that ``?page=N`` asks for (the first without it). A page past the
    last is refused in words rather than quietly showing another one; an empty list still has
    its first page."""
    paginator = Paginator(items, per_page)
    number = integer(request, "page", default=1, minimum=1)
    if number > 1 and number > paginator.num_pages:
        last = paginator.num_pages
        raise BadParameter(
            f'"page" must be a page number from 1 to {last}: this list has {last} '
            f"page{'s' if last != 1 else ''}."
        )
    return paginator.page(number)
