"""A recovery plan as a FHIR R4 Bundle: a ``CarePlan`` whose goals are ``Goal`` resources and
whose action steps are its activities, plus the ``Patient`` they are about.

Ids are stable UUIDs derived from our primary keys, so exporting twice gives the same
references. Barriers, strategies and services have no FHIR element of their own on ``Goal``;
they travel as the goal's notes.
"""

from __future__ import annotations

import base64
import json
import uuid
from html import escape

from casework.models import GoalPriority, GoalStatus, PlanStatus, RecoveryPlan
from clients.part2 import NOTICE_HEADING, REDISCLOSURE_NOTICE

_NAMESPACE = uuid.UUID("6f6c1b2e-5a0e-4a57-9d8a-2f4c2b8f0a11")
_PLAN_STATUS = {
    PlanStatus.DRAFT: "draft",
    PlanStatus.ACTIVE: "active",
    PlanStatus.CLOSED: "completed",
}
_LIFECYCLE = {
    GoalStatus.NOT_STARTED: "accepted",
    GoalStatus.IN_PROGRESS: "active",
    GoalStatus.ACHIEVED: "completed",
    GoalStatus.REVISED: "cancelled",
    GoalStatus.DISCONTINUED: "cancelled",
}
_ACHIEVEMENT = {
    GoalStatus.IN_PROGRESS: ("in-progress", "In Progress"),
    GoalStatus.ACHIEVED: ("achieved", "Achieved"),
    GoalStatus.DISCONTINUED: ("not-achieved", "Not Achieved"),
}
_PRIORITY = {
    GoalPriority.HIGH: ("high-priority", "High Priority"),
    GoalPriority.MEDIUM: ("medium-priority", "Medium Priority"),
    GoalPriority.LOW: ("low-priority", "Low Priority"),
}


# Security labels that tell a receiving system these are restricted 42 CFR Part 2 records
# (HL7 v3 Confidentiality "R"; ActCode "42CFRPart2", "ETH" substance use information and
# "NORDSCLCD" no redisclosure without consent). Every resource carries them, so they stay
# with each one when a receiving system splits the bundle apart.
PART2_LABELS = [
    {
        "system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality",
        "code": "R",
        "display": "restricted",
    },
    {
        "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
        "code": "42CFRPart2",
        "display": "42 CFR Part2",
    },
    {
        "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
        "code": "ETH",
        "display": "substance abuse information sensitivity",
    },
    {
        "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
        "code": "NORDSCLCD",
        "display": "no redisclosure without consent directive",
    },
]
_META = {"security": PART2_LABELS}


def _urn(kind: str, pk) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{kind}/{pk}')}"


def _coded(system: str, code: str, display: str) -> dict:
    return {"coding": [{"system": system, "code": code, "display": display}], "text": display}


def _goal(goal, patient_ref: str) -> dict:
    resource = {
        "resourceType": "Goal",
        "meta": _META,
        "lifecycleStatus": _LIFECYCLE[goal.status],
        "category": [{"text": goal.get_domain_display()}],
        "priority": _coded(
            "http://terminology.hl7.org/CodeSystem/goal-priority", *_PRIORITY[goal.priority]
        ),
        "description": {"text": goal.statement},
        "subject": {"reference": patient_ref},
    }
    if goal.status in _ACHIEVEMENT:
        resource["achievementStatus"] = _coded(
            "http://terminology.hl7.org/CodeSystem/goal-achievement", *_ACHIEVEMENT[goal.status]
        )
    if goal.target or goal.target_date:
        target = {}
        if goal.target:
            target["detailString"] = goal.target
        if goal.target_date:
            target["dueDate"] = goal.target_date.isoformat()
        resource["target"] = [target]
    notes = [
        f"Barrier: {b.description}"
        + "".join(f"\nStrategy: {s.description}" for s in b.strategies.all())
        for b in goal.barriers.all()
    ]
    if services := goal.services_display():
        notes.append("Services: " + ", ".join(services))
    if notes:
        resource["note"] = [{"text": text} for text in notes]
    return resource


def _activity(step) -> dict:
    detail = {
        "status": "completed" if step.is_done else "not-started",
        "description": f"{step.owner_display()}: {step.what}",
    }
    if step.due:
        detail["scheduledString"] = f"by {step.due.isoformat()}"
    return {"detail": detail}


def _consent_document(consent_copy: dict, patient_ref: str) -> dict:
    """The copy of the consent a disclosure under consent carries (42 CFR 2.32(b)), as a
    DocumentReference holding its words as JSON."""
    data = json.dumps(consent_copy, ensure_ascii=False, indent=2).encode("utf-8")
    return {
        "resourceType": "DocumentReference",
        "meta": _META,
        "status": "current",
        "type": {"text": "Consent to disclose (42 CFR 2.31)"},
        "subject": {"reference": patient_ref},
        "description": "Copy of the client's written consent this plan is disclosed under",
        "content": [
            {
                "attachment": {
                    "contentType": "application/json",
                    "title": "Consent",
                    "data": base64.b64encode(data).decode("ascii"),
                }
            }
        ],
    }


def plan_bundle(plan: RecoveryPlan, *, consent_copy: dict | None = None) -> dict:
    """The plan (prefetched, from ``open_plan_of``) as a FHIR R4 ``collection`` Bundle; with
    ``consent_copy`` (``clients.selectors.export.consent_copy``) when it goes out under a
    consent, which then travels with it as a DocumentReference."""
    client = plan.client
    patient_ref = _urn("client", client.pk)
    patient = {
        "resourceType": "Patient",
        "meta": _META,
        "name": [
            {
                "family": client.legal_last_name,
                "given": [client.legal_first_name],
                "text": client.display_name,
            }
        ],
    }
    if client.date_of_birth:
        patient["birthDate"] = client.date_of_birth.isoformat()
    goals = list(plan.goals.all())
    care_plan = {
        "resourceType": "CarePlan",
        "meta": _META,
        # The copy that leaves the portal carries the Part 2 notice against redisclosure.
        "text": {
            "status": "additional",
            "div": '<div xmlns="http://www.w3.org/1999/xhtml"><p><b>'
            + escape(NOTICE_HEADING)
            + "</b></p><p>"
            + escape(REDISCLOSURE_NOTICE)
            + "</p></div>",
        },
        "status": _PLAN_STATUS[plan.status],
        "intent": "plan",
        "title": "Recovery plan",
        "subject": {"reference": patient_ref},
        "created": plan.created_at.isoformat(),
        "period": {"start": plan.created_at.date().isoformat()},
        "goal": [{"reference": _urn("goal", goal.pk)} for goal in goals],
        "activity": [_activity(step) for goal in goals for step in goal.steps.all()],
    }
    if not care_plan["activity"]:
        del care_plan["activity"]
    if not care_plan["goal"]:
        del care_plan["goal"]
    entries = [
        (patient_ref, patient),
        (_urn("plan", plan.pk), care_plan),
        *((_urn("goal", goal.pk), _goal(goal, patient_ref)) for goal in goals),
    ]
    if consent_copy is not None:
        entries.append(
            (_urn("consent", consent_copy["id"]), _consent_document(consent_copy, patient_ref))
        )
    return {
        "resourceType": "Bundle",
        "meta": _META,
        "type": "collection",
        "entry": [{"fullUrl": url, "resource": resource} for url, resource in entries],
    }
