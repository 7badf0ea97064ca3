"""The clients' part of the demo organization: ~45 client records with intakes, screenings and
histories (``record``), then consents, support networks and disclosures (``consent``), and one
emergency access (``emergency``)."""

from .consent import seed_consents
from .emergency import seed_emergency_access
from .record import seed_clients


def seed(people) -> None:
    seed_clients(people)
    seed_consents(people)
    seed_emergency_access(people)
