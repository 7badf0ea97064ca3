"""Texts clients sent to the portal's number that need a person (the case manager's inbox):
replies that were not a keyword, a confirmation or a request to move. Scoped like every
record: a text is in reach when its sender's record is (``clients_for``); outside, a 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from clients.models import Client
from clients.selectors.record import clients_for
from recovery_portal.notifications.models import InboundOutcome, InboundText


def _inbox_of(user) -> QuerySet[InboundText]:
    senders = clients_for(user).filter(user__isnull=False).values("user_id")
    return InboundText.objects.filter(outcome=InboundOutcome.INBOX, sender_id__in=senders)


def _with_clients(user, texts: list[InboundText]) -> list[InboundText]:
    """Each text's ``client`` (the sender's record), in one query."""
    senders = {text.sender_id for text in texts}
    by_user = {c.user_id: c for c in clients_for(user).filter(user_id__in=senders)}
    for text in texts:
        text.client = by_user.get(text.sender_id)
    return texts


def text_inbox_for(user, *, unread_only: bool = False, limit: int = 100) -> list[InboundText]:
    """The inbox, newest first: time, read or not, and the client it came from; never the
    words (``body`` is not even loaded): those only on the audited page of one text."""
    texts = _inbox_of(user).defer("body")
    if unread_only:
        texts = texts.filter(read_at__isnull=True)
    return _with_clients(user, list(texts.order_by("-received_at", "-pk")[:limit]))


def unread_count_for(user) -> int:
    return _inbox_of(user).filter(read_at__isnull=True).count()


def text_for(user, pk) -> InboundText:
    """One text of the inbox, with its ``client``; 404 outside the user's scope."""
    text = _inbox_of(user).filter(pk=pk).first()
    if text is None:
        raise Http404("No such message.")
    text.client = Client.objects.get(user_id=text.sender_id)
    return text
