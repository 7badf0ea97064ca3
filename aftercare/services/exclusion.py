"""Why a follow-up ends without an interview, and whether that may leave the rate.

SAMHSA's GPRA follow-up rate leaves out only a client who died before the follow-up was due
(docs/follow-up-rate.md); a client who withdrew, moved or transferred is exactly whom the
follow-up must reach, so those stay in the denominator. An administrator may mark another
reason excludable in the admin where the funder allows it.
"""

from __future__ import annotations

from aftercare.models.followup import DEFAULT_REASONS, ExclusionReason


def exclusion_reason(code: str) -> ExclusionReason:
    """The reason row for ``code``, made with its default the first time it is used (an
    administrator's later choice of "excludable" is kept)."""
    defaults = {c: (label, excludable) for c, label, excludable in DEFAULT_REASONS}
    label, excludable = defaults.get(code, (code.replace("_", " ").capitalize(), False))
    reason, _ = ExclusionReason.objects.get_or_create(
        code=code, defaults={"label": label, "excludable": excludable}
    )
    return reason
