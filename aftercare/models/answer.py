"""How a question about the client's own report can go unanswered, kept as such.

Nothing a person reports about themselves is pre-filled, and an answer that was not given is
never stored as 0, "no" or a default: a number or yes/no answer is empty (NULL) with its
``*_not_given`` column saying why (the client declined to answer, or the question was not
asked); a choice question has the two as choices of its own. The outcomes report counts
either as missing.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class NotGiven(models.TextChoices):
    DECLINED = "declined", "Declined to answer"
    NOT_ASKED = "not_asked", "Not asked"


NOT_GIVEN = tuple(NotGiven.values)
# The BARC-10 asked at follow-up: the instrument of this code in clients/instruments.
BARC10 = "barc10"


def not_given_field() -> models.CharField:
    """The column beside a nullable answer: empty when answered, else why it is not."""
    return models.CharField(
        max_length=10, choices=NotGiven.choices, blank=True, default="", db_default=""
    )


def answered_or_not_given(field: str, name: str) -> models.CheckConstraint:
    """Exactly one of: the answer, or why there is none."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": False, f"{field}_not_given": ""})
        | Q(**{f"{field}__isnull": True, f"{field}_not_given__in": NOT_GIVEN}),
        name=name,
    )


def split(value):
    """A form's or a caller's answer → (the value or None, why not given or "")."""
    if value in NOT_GIVEN:
        return None, str(value)
    return value, ""
