"""The clients' part of the demo organization: ~45 client records with intakes, screenings and
histories (``record``), then consents, support networks and disclosures (``consent``)."""

from .consent import seed_consents
from .record import seed_clients


def seed(people) -> None:
    seed_clients(people)
    seed_consents(people)
