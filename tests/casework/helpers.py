"""Building directory entries, appointments and referrals for tests, through the services."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from casework.models import Category
from casework.models.resource import categories_ensure
from casework.services import appointment_book, referral_send, resource_save


def resource_make(actor, **overrides):
    categories_ensure()
    data = {
        "organization_name": "Eastside Housing Partners",
        "name": "Recovery Housing Intake",
        "description": "Sober living homes with peer support.",
        "status": "active",
        "phone": "555-0142",
        "address_1": "12 Elm Street",
        "city": "Springfield",
        "state_province": "IL",
        "postal_code": "62701",
        "hours": "Mon–Fri 9:00–17:00",
        "eligibility_description": "Adults in recovery",
        "languages": ["English", "Spanish"],
        "last_verified_on": timezone.localdate(),
    }
    data.update(overrides)
    codes = data.pop("category_codes", ["housing"])
    return resource_save(actor=actor, categories=Category.objects.filter(code__in=codes), **data)


def appointment_make(client, staff, *, in_days: float = 3, **overrides):
    data = {
        "kind": "counseling",
        "starts_at": timezone.now().replace(second=0, microsecond=0) + timedelta(days=in_days),
        "duration_minutes": 50,
        "place": "Room 2, 40 Main Street",
    }
    data.update(overrides)
    return appointment_book(client=client, staff=staff, actor=staff, **data)


def referral_make(client, actor, resource, **overrides):
    data = {"reason": "Needs stable housing", "urgency": "soon", "shared_information": []}
    data.update(overrides)
    return referral_send(client=client, resource=resource, actor=actor, **data)
