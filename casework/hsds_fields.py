"""The directory's structured HSDS 3.0 fields, one place for the export, the import, the
resource form and the migration that structured the old free text:

- opening hours as HSDS ``schedule`` objects (weekly: ``freq``, ``byday``, ``opens_at``,
  ``closes_at``), stored on a resource as ``[{"byday": "MO,TU", "opens_at": "09:00",
  "closes_at": "17:00"}]``, read from and written as lines like "Mon-Fri 9:00-17:00";
- languages as ISO 639-1 codes (``LANGUAGES``);
- categories as terms of the declared taxonomy (``TAXONOMY``; docs/hsds-taxonomy.md).
"""

from __future__ import annotations

import re
import uuid

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


# ISO 639-1 codes of the languages a US directory meets most; a name not here (Hmong has no
# 639-1 code, for one) stays as text.
LANGUAGES = {
    "am": "Amharic", "ar": "Arabic", "bn": "Bengali", "zh": "Chinese", "hr": "Croatian",
    "cs": "Czech", "nl": "Dutch", "en": "English", "fa": "Persian", "fr": "French",
    "de": "German", "el": "Greek", "gu": "Gujarati", "ht": "Haitian Creole", "he": "Hebrew",
    "hi": "Hindi", "it": "Italian", "ja": "Japanese", "km": "Khmer",
    "ko": "Korean", "lo": "Lao", "ne": "Nepali", "pl": "Polish", "pt": "Portuguese",
    "pa": "Punjabi", "ro": "Romanian", "ru": "Russian", "so": "Somali", "es": "Spanish",
    "sw": "Swahili", "tl": "Tagalog", "ta": "Tamil", "th": "Thai", "ti": "Tigrinya",
    "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese", "yi": "Yiddish",
}  # fmt: skip
_BY_NAME = {name.casefold(): code for code, name in LANGUAGES.items()}
_BY_NAME.update({"farsi": "fa", "mandarin": "zh", "cantonese": "zh", "creole": "ht"})


def language_code(text: str) -> str | None:
    """The ISO 639-1 code of a language given by code or English name, or None."""
    key = (text or "").strip().casefold()
    if key in LANGUAGES:
        return key
    return _BY_NAME.get(key)


def language_label(value: str) -> str:
    """How a stored language (a code, or a name no code was found for) reads."""
    return LANGUAGES.get(value, value)


def language_to_hsds(value: str, language_id: str) -> dict:
    if value in LANGUAGES:
        return {"id": language_id, "name": LANGUAGES[value], "code": value}
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


def schedule_to_hsds(schedule: dict, schedule_id: str, service_id: str) -> dict:
    return {
        "id": schedule_id,
        "service_id": service_id,
        "freq": "WEEKLY",
        "byday": schedule["byday"],
        "opens_at": f"{schedule['opens_at']}:00",
        "closes_at": f"{schedule['closes_at']}:00",
    }


def schedule_from_hsds(obj: dict) -> dict | None:
    """A weekly HSDS schedule with days and times as we store it; None for anything else
    (monthly, no times), which stays in its description."""
    if obj.get("freq") not in (None, "WEEKLY") or obj.get("interval") not in (None, 1):
        return None
    byday = [d.strip().upper() for d in str(obj.get("byday") or "").split(",") if d.strip()]
    opens, closes = _hsds_time(obj.get("opens_at")), _hsds_time(obj.get("closes_at"))
    if not byday or not all(d in DAYS for d in byday) or not (opens and closes):
        return None
    return {"byday": ",".join(byday), "opens_at": opens, "closes_at": closes}


def _hsds_time(value) -> str | None:
    found = re.fullmatch(r"(\d{1,2}):(\d{2})(?::\d{2})?", str(value or "").strip())
    return _clock(found.group(1), found.group(2), None) if found else None
