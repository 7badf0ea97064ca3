"""The directory's structured HSDS 3.0 fields, one place for the export, the import, the
resource form and the migration that structured the old free text:

- opening hours as HSDS ``schedule`` objects (weekly: ``freq``, ``byday``, ``opens_at``,
  ``closes_at``), stored on a resource as ``[{"byday": "MO,TU", "opens_at": "09:00",
  "closes_at": "17:00"}]``, read from and written as lines like "Mon-Fri 9:00-17:00";
- languages as ISO 639-1 codes, or ISO 639-3 codes where a language has no 639-1 code or 639-1
  lumps it with others (``LANGUAGES``: Hmong ``hmn``; Cantonese ``yue`` and Mandarin ``cmn``,
  not ``zh``);
- categories as terms of the declared taxonomy (``TAXONOMY``; docs/hsds-taxonomy.md).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid

from django.utils import timezone

TAXONOMY_ID = uuid.UUID("0d7c1c0e-3a4b-5e2f-9a61-7c2e4b8d1f30")
TAXONOMY = {
    "id": str(TAXONOMY_ID),
    "name": "Recovery Portal directory categories",
    "description": "The categories of Recovery Portal's resource directory "
    "(docs/hsds-taxonomy.md).",
    "uri": "urn:uuid:0d7c1c0e-3a4b-5e2f-9a61-7c2e4b8d1f30",
    "version": "1.0",
}


def taxonomy_term(category) -> dict:
    """A directory category as an HSDS ``taxonomy_term`` of ``TAXONOMY``."""
    return {
        "id": str(category.hsds_id),
        "code": category.code,
        "name": category.name,
        "description": category.name,
        "taxonomy": TAXONOMY["name"],
        "taxonomy_id": TAXONOMY["id"],
        "taxonomy_detail": TAXONOMY,
        "term_uri": f"{TAXONOMY['uri']}#{category.code}",
    }


# ISO 639-1 codes of the languages a US directory meets most, and ISO 639-3 codes for those
# 639-1 has no code of their own for; a name not here stays as text. HSDS's ``code`` takes either.
LANGUAGES = {
    "am": "Amharic", "ar": "Arabic", "bn": "Bengali", "zh": "Chinese", "hr": "Croatian",
    "cs": "Czech", "nl": "Dutch", "en": "English", "fa": "Persian", "fr": "French",
    "de": "German", "el": "Greek", "gu": "Gujarati", "ht": "Haitian Creole", "he": "Hebrew",
    "hi": "Hindi", "it": "Italian", "ja": "Japanese", "km": "Khmer",
    "ko": "Korean", "lo": "Lao", "ne": "Nepali", "pl": "Polish", "pt": "Portuguese",
    "pa": "Punjabi", "ro": "Romanian", "ru": "Russian", "so": "Somali", "es": "Spanish",
    "sw": "Swahili", "tl": "Tagalog", "ta": "Tamil", "th": "Thai", "ti": "Tigrinya",
    "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese", "yi": "Yiddish",
    # ISO 639-3
    "hmn": "Hmong", "yue": "Cantonese", "cmn": "Mandarin", "ase": "American Sign Language",
    "prs": "Dari",
}  # fmt: skip
_BY_NAME = {name.casefold(): code for code, name in LANGUAGES.items()}
_BY_NAME.update({"farsi": "fa", "creole": "ht", "asl": "ase"})


def language_code(text: str) -> str | None:
    """The ISO 639-1 or 639-3 code of a language given by code or English name, or None."""
    key = (text or "").strip().casefold()
    if key in LANGUAGES:
        return key
    return _BY_NAME.get(key)


def language_label(value: str) -> str:
    """How a stored language (a code, or a name no code was found for) reads."""
    return LANGUAGES.get(value, value)


def language_to_hsds(value: str, language_id: str) -> dict:
    code = language_code(value)
    if code:
        return {"id": language_id, "name": LANGUAGES[code], "code": code}
    return {"id": language_id, "name": value}


# Schedules -------------------------------------------------------------------------------------
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY_WORDS = {
    "mon": "MO", "monday": "MO", "mo": "MO", "tue": "TU", "tues": "TU", "tuesday": "TU",
    "tu": "TU", "wed": "WE", "wednesday": "WE", "we": "WE", "thu": "TH", "thur": "TH",
    "thurs": "TH", "thursday": "TH", "th": "TH", "fri": "FR", "friday": "FR", "fr": "FR",
    "sat": "SA", "saturday": "SA", "sa": "SA", "sun": "SU", "sunday": "SU", "su": "SU",
}  # fmt: skip
_DAY_NAMES = dict(zip(DAYS, ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), strict=True))
_TIME = r"(\d{1,2})(?::(\d{2}))?(?::\d{2})?\s*(am|pm|a\.m\.|p\.m\.)?"
_LINE = re.compile(rf"^(?P<days>[a-z ,\-–]+?)\s*:?\s+{_TIME}\s*(?:-|–|to)\s*{_TIME}$", re.I)


def _days(text: str) -> list[str] | None:
    text = text.strip().casefold()
    if text in ("daily", "every day", "7 days"):
        return list(DAYS)
    if text in ("weekdays", "mon-fri"):
        return list(DAYS[:5])
    if text == "weekends":
        return ["SA", "SU"]
    days: list[str] = []
    for part in re.split(r"\s*,\s*|\s+and\s+|\s+", text.replace("–", "-")):
        ends = [_DAY_WORDS.get(p.strip()) for p in part.split("-")]
        if not part or None in ends or len(ends) > 2:
            return None
        first, last = DAYS.index(ends[0]), DAYS.index(ends[-1])
        if last < first:
            return None
        days += [d for d in DAYS[first : last + 1] if d not in days]
    return days or None


def _clock(hour: str, minute: str | None, half: str | None) -> str | None:
    h, m = int(hour), int(minute or 0)
    half = (half or "").replace(".", "").casefold()
    if half:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if half == "pm" else 0)
    if h > 23 or m > 59:
        return None
    return f"{h:02d}:{m:02d}"


def schedule_of_line(line: str) -> dict | None:
    """One weekly schedule from "Mon-Fri 9am-5pm" / "Tue, Thu 18:00-20:00", or None."""
    found = _LINE.match(line.strip())
    if not found:
        return None
    days = _days(found.group("days"))
    opens = _clock(*found.group(2, 3, 4))
    closes = _clock(*found.group(5, 6, 7))
    if not (days and opens and closes) or closes <= opens:
        return None
    return {"byday": ",".join(days), "opens_at": opens, "closes_at": closes}


def parse_hours(text: str) -> tuple[list[dict], str]:
    """The schedules the lines of ``text`` give, and the lines that are not a schedule."""
    schedules, rest = [], []
    for line in re.split(r"\n|;", text or ""):
        if not line.strip():
            continue
        schedule = schedule_of_line(line)
        if schedule is None:
            rest.append(line.strip())
        else:
            schedules.append(schedule)
    return schedules, "\n".join(rest)


def schedule_line(schedule: dict) -> str:
    """How a stored schedule reads (and is typed back): "Mon, Tue 09:00-17:00"."""
    days = ", ".join(_DAY_NAMES[d] for d in schedule["byday"].split(","))
    return f"{days} {schedule['opens_at']}-{schedule['closes_at']}"


def utc_offset(on: dt.date | None = None) -> str:
    """The UTC offset of the portal's ``TIME_ZONE`` at noon on ``on`` (today): ``-05:00``,
    or ``Z`` for UTC."""
    on = on or timezone.localdate()
    noon = timezone.make_aware(dt.datetime.combine(on, dt.time(12)))
    minutes = int(noon.utcoffset().total_seconds() // 60)
    if minutes == 0:
        return "Z"
    sign, minutes = ("-" if minutes < 0 else "+"), abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def schedule_to_hsds(schedule: dict, schedule_id: str, service_id: str) -> dict:
    """HSDS says a time without an offset is UTC: ours are local, so they carry the offset
    of ``TIME_ZONE`` on the day of the export (RFC 3339 ``09:00:00-05:00``)."""
    offset = utc_offset()
    return {
        "id": schedule_id,
        "service_id": service_id,
        "freq": "WEEKLY",
        "byday": schedule["byday"],
        "opens_at": f"{schedule['opens_at']}:00{offset}",
        "closes_at": f"{schedule['closes_at']}:00{offset}",
    }


def schedule_from_hsds(obj: dict, on: dt.date | None = None) -> dict | None:
    """A weekly HSDS schedule with days and times as we store it (local times); None for
    anything else (monthly, no times, hours that cross midnight once made local), which stays
    in its description. A time with an offset (``09:00-05:00``, ``14:00Z``), or without one
    in a schedule whose ``timezone`` gives the UTC offset in hours, is converted to local time
    as on ``on`` (today); a time with neither is taken as local."""
    if obj.get("freq") not in (None, "WEEKLY") or obj.get("interval") not in (None, 1):
        return None
    byday = [d.strip().upper() for d in str(obj.get("byday") or "").split(",") if d.strip()]
    hours = obj.get("timezone")
    hours = hours if isinstance(hours, int | float) and -14 <= hours <= 14 else None
    on = on or timezone.localdate()
    opens = _hsds_time(obj.get("opens_at"), hours, on)
    closes = _hsds_time(obj.get("closes_at"), hours, on)
    if not byday or not all(d in DAYS for d in byday) or not (opens and closes):
        return None
    if closes <= opens:
        return None
    return {"byday": ",".join(byday), "opens_at": opens, "closes_at": closes}


_HSDS_TIME = re.compile(
    r"(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?", re.I
)


def _offset(text: str | None, hours: float | None) -> dt.timedelta | None:
    if not text:
        return None if hours is None else dt.timedelta(hours=hours)
    if text.upper() == "Z":
        return dt.timedelta(0)
    digits = text[1:].replace(":", "")
    size = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
    return -size if text[0] == "-" else size


def _hsds_time(value, hours: float | None, on: dt.date) -> str | None:
    found = _HSDS_TIME.fullmatch(str(value or "").strip())
    clock = _clock(found.group(1), found.group(2), None) if found else None
    offset = _offset(found.group(3), hours) if clock else None
    if clock is None or offset is None:
        return clock
    if abs(offset) > dt.timedelta(hours=14):
        return None
    moment = dt.datetime.combine(on, dt.time.fromisoformat(clock), dt.timezone(offset))
    local = timezone.localtime(moment)
    # Another day once local: the weekday would change, so it is not the schedule's days.
    return f"{local:%H:%M}" if local.date() == on else None
