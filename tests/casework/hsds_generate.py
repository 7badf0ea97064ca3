"""Generated HSDS files of many small, valid services (tests and bench/hsds_import.py)."""

from __future__ import annotations

import json
import uuid

NAMESPACE = uuid.UUID("6d1f3c2a-4b5e-4f60-8a71-9b2c3d4e5f60")


def service(number: int, **overrides) -> dict:
    """Service ``number`` of a generated directory. Its organization (one per ten) is nested
    in the first of its services; the others name it by id."""
    org = number // 10
    org_id = str(uuid.uuid5(NAMESPACE, f"organization {org}"))
    found = {
        "id": str(uuid.uuid5(NAMESPACE, f"service {number}")),
        "name": f"Service {number}",
        "status": "active",
        "organization_id": org_id,
    }
    if number == 1 or number % 10 == 0:
        found["organization"] = {
            "id": org_id,
            "name": f"Provider {org}",
            "description": f"Provider {org}",
        }
    found.update(overrides)
    return found


def hsds_file(services: list[dict]) -> bytes:
    """A list of services, one per line (so a refusal's line number is the service's)."""
    lines = (json.dumps(s, separators=(",", ":")) for s in services)
    return ("[\n" + ",\n".join(lines) + "\n]\n").encode()


def generated(count: int) -> bytes:
    return hsds_file([service(n) for n in range(1, count + 1)])
