"""Reads of intakes and the needs named at them."""

from __future__ import annotations

from clients.models import Client, Intake, IntakeNeed, IntakeStatus


def draft_intake_of(client: Client) -> Intake | None:
    return client.intakes.filter(status=IntakeStatus.DRAFT).first()


def intakes_of(client: Client) -> list[Intake]:
    return list(client.intakes.select_related("started_by", "completed_by"))


def intake_needs_of(client: Client, *, open_only: bool = False) -> list[IntakeNeed]:
    """Needs named at the client's intakes, newest intake first: what a recovery plan takes
    over (``open_only``: those no plan has taken up yet)."""
    needs = client.intake_needs.select_related("intake").order_by("-intake__started_at", "id")
    if open_only:
        needs = needs.filter(taken_up_at__isnull=True)
    return list(needs)
