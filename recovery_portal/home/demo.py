"""The whole demo organization (every app's ``demo_seeders``), for ``manage.py seed_demo`` and
the browser tests. Idempotent: running it again changes nothing."""

from __future__ import annotations

from clients.services.contact import last_contact_refresh_all
from recovery_portal.accounts.demo import seed_people
from recovery_portal.accounts.models import User
from recovery_portal.plugins import demo_seeders


def seed_all() -> dict[str, User]:
    """The demo logins, then every app's part of the demo (``demo_seeders`` in each app's
    AppConfig), in INSTALLED_APPS order: client records before what attaches to them."""
    people = seed_people()
    for seeder in demo_seeders():
        seeder(people)
    last_contact_refresh_all()  # seeders write some contacts in bulk, past the services
    return people
