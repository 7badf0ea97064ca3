"""The code4recovery Meeting Guide format: its meeting type codes and JSON Schemas, copied from
the public code4recovery/spec repository (MIT licence, ``LICENSE`` here)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent


@cache
def meeting_types() -> dict[str, str]:
    """Code → English name, e.g. ``{"O": "Open", "C": "Closed", …}``."""
    raw = json.loads((HERE / "types.json").read_text())
    return {code: names.get("en", code) for code, names in raw.items()}


def type_choices() -> list[tuple[str, str]]:
    return sorted(meeting_types().items(), key=lambda item: item[1].lower())


def schema(name: str = "meeting") -> dict:
    return json.loads((HERE / f"{name}.schema.json").read_text())
