"""Episodes of care, and the BARC-10 each one starts from.

An episode runs from one intake (or re-admission) to the next: every intake started, and every
move of a discharged or closed record back into intake (a re-admission), begins a new one (the
intake that follows a re-admission is part of the episode it began); the first episode also
holds what came before the first intake, or before the first re-admission when no intake was
recorded for it. A screening taken as part of an
intake belongs to that intake's episode. The baseline BARC-10 of an episode is its first
BARC-10, so a returning client is compared with their current episode, never an old one.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict

from django.utils import timezone

from clients.models import ClientStatus, ClientStatusChange, Intake, Screening

BARC10 = "barc10"
RETURNS_FROM = (ClientStatus.DISCHARGED, ClientStatus.CLOSED)
EARLIEST = dt.datetime.min.replace(tzinfo=dt.UTC)  # the start of a first episode with no marker


def end_of(day: dt.date) -> dt.datetime:
    """The last moment of ``day`` (local time): what happened that day is before it."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.max))


class Episodes:
    """When each client's episodes began (``starts``: client id → sorted datetimes)."""

    def __init__(self, starts: dict[int, list[dt.datetime]]):
        self.starts = starts

    def index(self, client_id: int, at: dt.datetime) -> int:
        """Which episode ``at`` falls in: 0 for the first (and anything before it)."""
        return max(0, bisect_right(self.starts.get(client_id, []), at) - 1)


def episodes_of(client_ids) -> Episodes:
    """Each client's episode starts: intakes and re-admissions, in time order; the intake that
    follows a re-admission belongs to the episode the re-admission began."""
    markers: dict[int, list[tuple[dt.datetime, str]]] = defaultdict(list)
    intakes = Intake.objects.filter(client_id__in=client_ids)
    for client_id, at in intakes.values_list("client_id", "started_at"):
        markers[client_id].append((at, "intake"))
    returns = ClientStatusChange.objects.filter(
        client_id__in=client_ids, to_status=ClientStatus.INTAKE, from_status__in=RETURNS_FROM
    )
    for client_id, at in returns.values_list("client_id", "at"):
        markers[client_id].append((at, "return"))
    starts: dict[int, list[dt.datetime]] = {}
    for client_id, found in markers.items():
        found.sort()
        # A first marker that is a return (no intake recorded for the first episode): the
        # first episode begins before anything, so screenings before the return are not in
        # the episode the return began.
        starts[client_id] = [EARLIEST] if found[0][1] == "return" else []
        previous = None
        for at, kind in found:
            if not (kind == "intake" and previous == "return"):
                starts[client_id].append(at)
            previous = kind
    return Episodes(starts)


def barc10_baselines_of(client_ids, episodes: Episodes) -> dict[tuple[int, int], int]:
    """{(client id, episode index): the score of that episode's first BARC-10}."""
    rows = Screening.objects.filter(client_id__in=client_ids, instrument_code=BARC10).values_list(
        "client_id", "score", "administered_at", "intake__started_at", "pk"
    )
    first: dict[tuple[int, int], tuple] = {}
    for client_id, score, at, intake_at, pk in rows:
        when = intake_at or at  # a screening of an intake belongs to the intake's episode
        key = (client_id, episodes.index(client_id, when))
        if key not in first or (when, at, pk) < first[key][0]:
            first[key] = ((when, at, pk), score)
    return {key: score for key, (_, score) in first.items()}


def barc10_baseline_of(client_id: int, at: dt.datetime) -> int | None:
    """The first BARC-10 of the episode ``at`` falls in (e.g. the discharge of a plan)."""
    episodes = episodes_of([client_id])
    baselines = barc10_baselines_of([client_id], episodes)
    return baselines.get((client_id, episodes.index(client_id, at)))
