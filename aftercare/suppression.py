"""One suppression over everything the outcomes report publishes together.

The report publishes, for each follow-up point, a grid of cells: every year and all years
together (the "view"), times every program and all programs together (the "row"). Each cell
holds counts of clients of several kinds: people, and for each measure the people it can be
compared for (``n``), those with it and those without it at intake and at follow-up (shown as
percentages, so derivable). A count of 1 to 10 must be neither shown nor derivable:

1. **Primary:** a count of people or ``n`` of 1–10 is hidden; a percentage is shown only when
   the people with it number at least 11 and those without it 0 or at least 11 (so neither
   can be worked out).
2. **Derivable cells:** a line (a year's programs and their total; a program's years and its
   all-years figure) with one hidden member and a shown total gives the member back; so do all
   members of a hidden total. Such cells count as published.
3. **Differences:** two published counts whose groups nest (all years ⊇ one year, all
   programs ⊇ one program, people ⊇ ``n`` ⊇ with/without) must not differ by 1–10, and the
   hidden members of a line with a published total must not add up to 1–10; else the smallest
   shown cell concerned is hidden too ("hidden so a small group cannot be worked out").

Hiding only ever grows, so the loop ends; sums of two published counts are 0 or at least 22.
"""

from __future__ import annotations

SMALL = 11
ALL = "all"
PRIMARY, SECONDARY = "fewer than 11", "hidden so a small group cannot be worked out"


def is_small(kind: str, value: int) -> bool:
    """Too small to show: any count of 1–10; and the people *with* a measure under 11, 0
    included (a percentage needs a numerator of at least 11, and its complement, the people
    without it, 0 or at least 11)."""
    if kind.endswith(("_yes_intake", "_yes_now")):
        return value < SMALL
    return 0 < value < SMALL


def _kind_contains(big: str, small: str) -> bool:
    if big == small:
        return True
    if big == "people":
        return True
    return small.startswith(big.removesuffix("_n") + "_") and big.endswith("_n")


def _cell_contains(big: tuple, small: tuple) -> bool:
    return all(b in (s, ALL) for b, s in zip(big, small, strict=True))


def _lines(cells) -> list[tuple[tuple, list[tuple]]]:
    """(total, members) of every line of the grid: each view's programs, each row's years."""
    views = {v for v, _ in cells if v != ALL}
    rows = {r for _, r in cells if r != ALL}
    lines = [((v, ALL), [(v, r) for r in rows if (v, r) in cells]) for v in (*views, ALL)]
    lines += [((ALL, r), [(v, r) for v in views if (v, r) in cells]) for r in (*rows, ALL)]
    return [(t, m) for t, m in lines if t in cells and len(m) > 1]


def suppress(values: dict[tuple, dict[str, int]], kinds: list[str]) -> dict[tuple, str]:
    """``values``: {(view, row): {kind: count}} of one follow-up point. Returns the hidden
    figures {((view, row), kind): why}."""
    hidden: dict[tuple, str] = {}
    for cell, counts in values.items():
        for kind in kinds:
            if is_small(kind, counts[kind]):
                hidden[(cell, kind)] = PRIMARY
    while True:
        _pair_up(values, kinds, hidden)
        more = _one_more(values, kinds, hidden)
        if more is None:
            return hidden
        hidden[more] = SECONDARY


def _pair_up(values, kinds, hidden) -> None:
    """A percentage needs its n, its with and its without: hide them together; and a hidden
    people count hides its whole cell."""
    for cell in values:
        if (cell, "people") in hidden:
            for kind in kinds:
                hidden.setdefault((cell, kind), SECONDARY)
        for kind in kinds:
            if not kind.endswith("_n"):
                continue
            base = kind.removesuffix("_n")
            for when in ("intake", "now"):
                pair = [(cell, f"{base}_yes_{when}"), (cell, f"{base}_no_{when}")]
                if (cell, kind) in hidden or any(p in hidden for p in pair):
                    for p in pair:
                        hidden.setdefault(p, SECONDARY)


def _known(values, kind, hidden) -> dict[tuple, int]:
    """The cells of ``kind`` an outsider can know: shown, or worked out along a line."""
    lines = _lines(values)
    known = {c: v[kind] for c, v in values.items() if (c, kind) not in hidden}
    grew = True
    while grew:
        grew = False
        for total, members in lines:
            unknown = [m for m in members if m not in known]
            if total in known and len(unknown) == 1:
                known[unknown[0]] = values[unknown[0]][kind]
                grew = True
            elif total not in known and not unknown:
                known[total] = values[total][kind]
                grew = True
    return known


def _hide_for(values, kind, hidden, cells) -> tuple:
    """The figure to hide to stop a leak among ``cells``: the smallest shown, non-zero one
    (a member of a line rather than a total when they tie), else any shown one."""
    shown = [c for c in cells if (c, kind) not in hidden]
    if not shown:
        # Every cell concerned is already hidden yet derivable: hide a shown line member.
        shown = [
            m
            for total, members in _lines(values)
            if any(c in (total, *members) for c in cells)
            for m in (total, *members)
            if (m, kind) not in hidden
        ]
    if not shown:
        # Worked out through a chain of lines: hide the smallest shown cell of the kind.
        shown = [c for c in values if (c, kind) not in hidden]
    shown.sort(key=lambda c: (values[c][kind] == 0, values[c][kind], ALL in c))
    return (shown[0], kind)


def _one_more(values, kinds, hidden):
    """The next figure to hide, or ``None`` when nothing can be worked out."""
    known = {kind: _known(values, kind, hidden) for kind in kinds}
    for kind in kinds:
        for cell, value in known[kind].items():
            if (cell, kind) in hidden and 0 < value < SMALL:
                return _hide_for(values, kind, hidden, [cell])
        for total, members in _lines(values):
            if total not in known[kind]:
                continue
            unknown = [m for m in members if m not in known[kind]]
            rest = values[total][kind] - sum(known[kind][m] for m in members if m in known[kind])
            if unknown and 0 < rest < SMALL:
                return _hide_for(values, kind, hidden, [m for m in members if m not in unknown])
    inside = {big: [c for c in values if _cell_contains(big, c)] for big in values}
    for k1, k2 in ((a, b) for a in kinds for b in kinds if _kind_contains(a, b)):
        for c1, v1 in known[k1].items():
            for c2 in inside[c1]:
                v2 = known[k2].get(c2)
                if v2 is None or (c1, k1) == (c2, k2):
                    continue
                if 0 < v1 - v2 < SMALL:
                    if (c2, k2) not in hidden:
                        return (c2, k2)
                    if (c1, k1) not in hidden:
                        return (c1, k1)
                    return _hide_for(values, k2, hidden, [c2])
    return None
