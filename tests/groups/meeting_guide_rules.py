"""Checks of a Meeting Guide feed: the JSON Schema vendored from code4recovery/spec
(groups/meeting_guide/), and the written specification's field rules (the spec's README),
which the schema does not all express.

The rules checked (numbers are used in the messages):

1. The feed is a JSON array of objects; each has ``name`` (at most 255 characters) and ``slug``
   (unique in the feed, URL-safe, at most 64 characters).
2. Weekly meetings: ``day`` is an integer 0–6 (0 = Sunday) or a non-empty list of them; ``time``
   and ``end_time`` are ``HH:MM`` in 24-hour time.
3. ``timezone`` is a tz database name.
4. ``types`` are codes from the vendored types.json.
5. ``updated`` is UTC ``YYYY-MM-DD HH:MM:SS``.
6. ``conference_phone`` is digits, with a leading ``+`` for international dialling and ``,``
   ``*`` ``#`` for one-tap links.
7. Every meeting has geographic information. An in-person meeting has a street address, city
   and state and is not approximate; an online-only meeting has a ``conference_url`` or a
   ``conference_phone`` (else meeting apps treat it as inactive) and an approximate location:
   city, state or region and country, ``approximate: "yes"``, no street address.
8. ``notes``, ``location`` and ``location_notes`` are plain text (no HTML).

One deviation from the schema, which the written spec overrides: its ``conference_phone``
pattern allows no ``#`` at the end nor ``,,`` (a Zoom one-tap link is ``+1555…,,123456#``) and
refuses its own example ``+1234567890,1234#`` (a test here shows it); rule 6 replaces it.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import zoneinfo

import jsonschema
from referencing import Registry, Resource

from groups.meeting_guide.spec import meeting_types, schema

HH_MM = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
SLUG = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
PHONE = re.compile(r"^\+?[0-9]+[0-9,*#]*$")
HTML = re.compile(r"<[a-zA-Z/!]")


def schema_validator(*, written_phone_rule: bool = True) -> jsonschema.Draft7Validator:
    meeting, types = copy.deepcopy(schema("meeting")), schema("meeting-type")
    if written_phone_rule:
        meeting["properties"]["conference_phone"]["pattern"] = PHONE.pattern
    registry = Registry().with_resource(types["$id"], Resource.from_contents(types))
    return jsonschema.Draft7Validator(
        meeting, registry=registry, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )


def schema_errors(feed: list[dict]) -> list[str]:
    validator = schema_validator()
    return [
        f"{meeting.get('slug')}: {error.message}"
        for meeting in feed
        for error in validator.iter_errors(meeting)
    ]


def _rule_errors(meeting: dict) -> list[str]:
    found = []
    if not (isinstance(meeting.get("name"), str) and 0 < len(meeting["name"]) <= 255):
        found.append("1: name")
    if not SLUG.match(str(meeting.get("slug", ""))):
        found.append("1: slug")
    days = meeting.get("day")
    days = days if isinstance(days, list) else [days]
    if not days or not all(isinstance(d, int) and 0 <= d <= 6 for d in days):
        found.append("2: day")
    if not HH_MM.match(meeting.get("time", "")):
        found.append("2: time")
    if "end_time" in meeting and not HH_MM.match(meeting["end_time"]):
        found.append("2: end_time")
    if "timezone" in meeting and meeting["timezone"] not in zoneinfo.available_timezones():
        found.append("3: timezone")
    if not set(meeting.get("types", [])) <= set(meeting_types()):
        found.append("4: types")
    try:
        dt.datetime.strptime(meeting.get("updated", ""), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        found.append("5: updated")
    if "conference_phone" in meeting and not PHONE.match(meeting["conference_phone"]):
        found.append("6: conference_phone")
    found += _place_errors(meeting)
    if any(HTML.search(meeting.get(key, "")) for key in ("notes", "location", "location_notes")):
        found.append("8: HTML")
    return found


def _place_errors(meeting: dict) -> list[str]:
    if meeting.get("address"):
        in_person = meeting.get("city") and meeting.get("state")
        return [] if in_person and meeting.get("approximate") != "yes" else ["7: in person"]
    online = meeting.get("conference_url") or meeting.get("conference_phone")
    approximate = (
        meeting.get("city")
        and meeting.get("state")
        and meeting.get("country")
        and meeting.get("approximate") == "yes"
    )
    return [] if online and approximate else ["7: online only"]


def rule_errors(feed) -> list[str]:
    """Every broken rule, as ``"slug: rule number: field"``."""
    if not isinstance(feed, list) or not all(isinstance(m, dict) for m in feed):
        return ["1: not an array of meetings"]
    found = [f"{m.get('slug')}: {error}" for m in feed for error in _rule_errors(m)]
    slugs = [m.get("slug") for m in feed]
    if len(set(slugs)) != len(slugs):
        found.append("1: slugs not unique")
    return found
