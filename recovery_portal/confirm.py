"""Confirm what cannot be undone (issue 18, item 4), without JavaScript.

The button of such an act (sign a note, share a plan, send a referral) posts to its own URL as
before. A post without ``confirmed=yes`` changes nothing: the view answers with a page that
says what will happen (``confirm_page``), whose button posts the same fields again with
``confirmed=yes``; only that second post acts. No new URL, no script: any browser can do it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.shortcuts import render

_NOT_CARRIED = {"csrfmiddlewaretoken", "confirmed"}


def is_confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get("confirmed") == "yes"


@dataclass
class Confirmation:
    title: str  # a question: "Sign and lock this note?"
    what: list[str]  # what will happen, one plain sentence each
    button: str  # the same words as the button that led here
    cancel_url: str
    notes: list[str] = field(default_factory=list)  # what the person should know first
    links: list[tuple[str, str]] = field(default_factory=list)  # (words, url): other ways on


def confirm_page(request, context: dict, confirmation: Confirmation):
    """The page that asks once; it posts back every field of the first post (a form's answers
    stay as typed) with ``confirmed=yes``."""
    carried = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in _NOT_CARRIED
        for value in values
    ]
    return render(
        request,
        "confirm.html",
        {**context, "confirmation": confirmation, "carried": carried, "action": request.path},
    )
