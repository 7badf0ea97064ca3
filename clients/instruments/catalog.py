"""Screening instruments as data.

Each instrument is one JSON file in this folder (or in a folder an organization lists in the
setting ``SCREENING_INSTRUMENTS_DIRS``): its items, answer options, scoring, interpretation
bands, safety alerts, and — beside them — its source and terms of use. See README.md here for
the format. Only instruments whose terms allow free use belong here.

Nothing in the code knows a particular instrument: the intake wizard, the screening form, the
scoring and the safety alerts all read these files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

HERE = Path(__file__).parent
LEVELS = ("low", "mild", "moderate", "high")


@dataclass(frozen=True)
class Option:
    value: int
    label: str


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Band:
    min: int
    max: int
    label: str
    level: str  # low / mild / moderate / high: how much attention the result asks for


@dataclass(frozen=True)
class AlertRule:
    item: str
    at_least: int
    kind: str
    message: str


@dataclass(frozen=True)
class Result:
    score: int
    band: Band
    alerts: tuple[AlertRule, ...]


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    title: str
    source: str
    terms: str
    stem: str
    items: tuple[Item, ...]
    bands: tuple[Band, ...]
    alerts: tuple[AlertRule, ...] = field(default=())
    higher_is_better: bool = False

    @property
    def min_score(self) -> int:
        return sum(min(o.value for o in item.options) for item in self.items)

    @property
    def max_score(self) -> int:
        return sum(max(o.value for o in item.options) for item in self.items)

    def band_for(self, score: int) -> Band:
        for band in self.bands:
            if band.min <= score <= band.max:
                return band
        raise ValueError(f"{self.code}: no band for score {score}")

    def score(self, answers: dict[str, int]) -> Result:
        """Score a complete set of answers (item key → option value). Raises ValueError on a
        missing item or a value that is not one of the item's options."""
        total = 0
        for item in self.items:
            if item.key not in answers:
                raise ValueError(f"{self.code}: item {item.key} is not answered")
            value = answers[item.key]
            if value not in {o.value for o in item.options}:
                raise ValueError(f"{self.code}: {value!r} is not an answer to {item.key}")
            total += value
        alerts = tuple(rule for rule in self.alerts if answers.get(rule.item, 0) >= rule.at_least)
        return Result(score=total, band=self.band_for(total), alerts=alerts)


def _parse(data: dict, origin: Path) -> Instrument:
    try:
        shared = tuple(Option(int(o["value"]), str(o["label"])) for o in data.get("options", []))
        items = tuple(
            Item(
                key=str(i["key"]),
                text=str(i["text"]),
                options=tuple(Option(int(o["value"]), str(o["label"])) for o in i["options"])
                if i.get("options")
                else shared,
            )
            for i in data["items"]
        )
        instrument = Instrument(
            code=str(data["code"]),
            name=str(data["name"]),
            title=str(data.get("title", data["name"])),
            source=str(data["source"]),
            terms=str(data["terms"]),
            stem=str(data.get("stem", "")),
            items=items,
            bands=tuple(
                Band(int(b["min"]), int(b["max"]), str(b["label"]), str(b.get("level", "low")))
                for b in data["bands"]
            ),
            alerts=tuple(
                AlertRule(str(a["item"]), int(a["at_least"]), str(a["kind"]), str(a["message"]))
                for a in data.get("alerts", [])
            ),
            higher_is_better=bool(data.get("higher_is_better", False)),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ImproperlyConfigured(f"Screening instrument {origin} is malformed: {exc!r}")
    _check(instrument, origin)
    return instrument


def _check(instrument: Instrument, origin: Path) -> None:
    """Bands must cover every possible score exactly once; options and alerts must make sense."""
    problems = []
    if not instrument.items or any(not item.options for item in instrument.items):
        problems.append("every item needs answer options")
    if not instrument.terms.strip() or not instrument.source.strip():
        problems.append("source and terms of use are required")
    covered = []
    for band in sorted(instrument.bands, key=lambda b: b.min):
        if band.level not in LEVELS:
            problems.append(f"band {band.label!r} has level {band.level!r}, not one of {LEVELS}")
        covered.extend(range(band.min, band.max + 1))
    if not problems and covered != list(range(instrument.min_score, instrument.max_score + 1)):
        problems.append(
            f"bands must cover {instrument.min_score}–{instrument.max_score} once each, "
            "without gaps"
        )
    keys = {item.key for item in instrument.items}
    problems += [f"alert on unknown item {a.item}" for a in instrument.alerts if a.item not in keys]
    if problems:
        raise ImproperlyConfigured(f"Screening instrument {origin}: " + "; ".join(problems))


def _folders() -> list[Path]:
    return [HERE, *(Path(p) for p in getattr(settings, "SCREENING_INSTRUMENTS_DIRS", []))]


@cache
def instruments() -> dict[str, Instrument]:
    """Every instrument, by code, in a stable order (file name within each folder)."""
    found: dict[str, Instrument] = {}
    for folder in _folders():
        for path in sorted(folder.glob("*.json")):
            instrument = _parse(json.loads(path.read_text(encoding="utf-8")), path)
            found[instrument.code] = instrument  # an organization's file may replace ours
    return found


# The order the intake wizard offers them in: alcohol, drugs, mood, anxiety, recovery capital.
INTAKE_ORDER = ("audit_c", "nida_single_question", "phq9", "gad7", "barc10")


def intake_instruments() -> list[Instrument]:
    everything = instruments()
    ordered = [everything[c] for c in INTAKE_ORDER if c in everything]
    return ordered + [i for c, i in everything.items() if c not in INTAKE_ORDER]


def instrument(code: str) -> Instrument | None:
    return instruments().get(code)


def answers_for_score(instrument: Instrument, score: int, *, keep: dict | None = None) -> dict:
    """A complete set of answers that scores exactly ``score`` (for demo data and tests):
    items in ``keep`` take the given values, the rest are filled from the first item on."""
    keep = keep or {}
    answers = {item.key: min(o.value for o in item.options) for item in instrument.items}
    answers.update(keep)
    remaining = score - sum(answers.values())
    if remaining < 0:
        raise ValueError(f"{instrument.code}: {score} is below what {keep} already scores")
    for item in instrument.items:
        if item.key in keep:
            continue
        values = sorted(o.value for o in item.options)
        best = max(v for v in values if v - answers[item.key] <= remaining)
        remaining -= best - answers[item.key]
        answers[item.key] = best
    if remaining:
        raise ValueError(f"{instrument.code}: no answers score {score}")
    return answers
