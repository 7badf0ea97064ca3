"""A time zone as people say it ("Eastern Time"), not as the database names it
("America/New_York"): for pages that show a meeting's or an appointment's time."""

from __future__ import annotations

# The zones of the United States by their everyday names; any other zone is named by its city
# ("Europe/London" → "London time").
_NAMES = {
    "America/New_York": "Eastern Time",
    "America/Detroit": "Eastern Time",
    "America/Indiana/Indianapolis": "Eastern Time",
    "America/Kentucky/Louisville": "Eastern Time",
    "America/Chicago": "Central Time",
    "America/Indiana/Knox": "Central Time",
    "America/Menominee": "Central Time",
    "America/Denver": "Mountain Time",
    "America/Boise": "Mountain Time",
    "America/Phoenix": "Arizona Time (Mountain, no daylight saving)",
    "America/Los_Angeles": "Pacific Time",
    "America/Anchorage": "Alaska Time",
    "America/Juneau": "Alaska Time",
    "Pacific/Honolulu": "Hawaii Time",
    "America/Puerto_Rico": "Atlantic Time (Puerto Rico)",
    "UTC": "Coordinated Universal Time (UTC)",
    "Etc/UTC": "Coordinated Universal Time (UTC)",
}


def readable_time_zone(name: str) -> str:
    """``"America/Chicago"`` → ``"Central Time"``; ``"Europe/Lisbon"`` → ``"Lisbon time"``."""
    if name in _NAMES:
        return _NAMES[name]
    city = name.rsplit("/", 1)[-1].replace("_", " ")
    return f"{city} time" if city else name
