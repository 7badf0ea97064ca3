"""A recovery plan as a FHIR R4 Bundle: a ``CarePlan`` whose goals are ``Goal`` resources and
whose action steps are its activities, plus the ``Patient`` they are about.

Ids are UUIDs derived from our primary keys in this installation's own namespace
(``casework.models.installation``): exporting twice gives the same ids, and two portals' client
1 never share one. Each resource's ``id`` is the UUID its ``fullUrl`` names. Barriers,
strategies and services have no FHIR element of their own on ``Goal``; they travel as the
goal's notes.

What a receiving system checks (docs/exports.md): every resource passes R4's invariants, and the
Patient, CarePlan and Goals carry what US Core 7.0.0's profiles require (and name them in
``meta.profile``). A goal's target is the client's words ("three meetings a week"), not a coded
measure and value, so it travels as a note and ``Goal.target`` carries only the due date (R4's
gol-1: a target detail needs a measure). Dates are the portal's local dates (``TIME_ZONE``).
"""

from __future__ import annotations

import base64
import json
import uuid

from django.conf import settings
from django.utils import timezone

from casework.fhir_text import care_plan_div, closed_on, consent_div, goal_div, patient_div
from casework.models import GoalPriority, GoalStatus, PlanStatus, RecoveryPlan
from casework.models.installation import installation_namespace

_LIFECYCLE = {
    GoalStatus.NOT_STARTED: "accepted",
    GoalStatus.IN_PROGRESS: "active",
    GoalStatus.ACHIEVED: "completed",
    # R4's goal-status has no "revised": the goal as worded is no longer pursued (another
    # replaced it), which is "cancelled"; a note says it was revised.
    GoalStatus.REVISED: "cancelled",
    GoalStatus.DISCONTINUED: "cancelled",
}
REVISED_NOTE = (
    "Revised: replaced by a revised goal in this plan; this wording is no longer pursued."
)
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
_US_CORE = "http://hl7.org/fhir/us/core/StructureDefinition/"
PROFILES = {
    "Patient": f"{_US_CORE}us-core-patient|7.0.0",
    "CarePlan": f"{_US_CORE}us-core-careplan|7.0.0",
    "Goal": f"{_US_CORE}us-core-goal|7.0.0",
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


def _meta(resource_type: str) -> dict:
    meta = {"security": PART2_LABELS}
    if resource_type in PROFILES:
        meta = {"profile": [PROFILES[resource_type]], **meta}
    return meta


def client_id_system() -> str:
    """The identifier system of this portal's client record numbers: a URI only this
    installation uses (its own address)."""
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}/fhir/client-id"


class _Ids:
    """The installation's UUIDs of one bundle's resources (one database read)."""

    def __init__(self):
        self.namespace = installation_namespace()

    def id(self, kind: str, pk) -> str:
        return str(uuid.uuid5(self.namespace, f"{kind}/{pk}"))

    def urn(self, kind: str, pk) -> str:
        return f"urn:uuid:{self.id(kind, pk)}"


def _coded(system: str, code: str, display: str) -> dict:
    return {"coding": [{"system": system, "code": code, "display": display}], "text": display}


US_CORE_CAREPLAN_CATEGORY = {
    "coding": [
        {
            "system": "http://hl7.org/fhir/us/core/CodeSystem/careplan-category",
            "code": "assess-plan",
            "display": "Assessment and Plan of Treatment",
        }
    ],
    "text": "Assessment and Plan of Treatment",
}


def _goal_notes(goal) -> list[str]:
    notes = [REVISED_NOTE] if goal.status == GoalStatus.REVISED else []
    notes += [f"Measurable target: {goal.target}"] if goal.target else []
    notes += [
        f"Barrier: {b.description}"
        + "".join(f"\nStrategy: {s.description}" for s in b.strategies.all())
        for b in goal.barriers.all()
    ]
    if services := goal.services_display():
        notes.append("Services: " + ", ".join(services))
    return notes


def _lifecycle(goal, plan: RecoveryPlan) -> str:
    """The goal's status; a draft plan's goals are only ``proposed`` until it is shared."""
    status = _LIFECYCLE[goal.status]
    if plan.status == PlanStatus.DRAFT and status in ("accepted", "active"):
        return "proposed"
    return status


def _goal(goal, plan: RecoveryPlan, patient_ref: str, goal_id: str) -> dict:
    resource = {
        "resourceType": "Goal",
        "id": goal_id,
        "meta": _meta("Goal"),
        "text": {"status": "generated", "div": goal_div(goal)},
        "lifecycleStatus": _lifecycle(goal, plan),
        "category": [{"text": goal.get_domain_display()}],
        "priority": _coded(
            "http://terminology.hl7.org/CodeSystem/goal-priority", *_PRIORITY[goal.priority]
        ),
        "description": {"text": goal.statement},
        "subject": {"reference": patient_ref},
        "startDate": timezone.localdate(goal.created_at).isoformat(),
    }
    if goal.status in _ACHIEVEMENT:
        resource["achievementStatus"] = _coded(
            "http://terminology.hl7.org/CodeSystem/goal-achievement", *_ACHIEVEMENT[goal.status]
        )
    if goal.target_date:
        resource["target"] = [{"dueDate": goal.target_date.isoformat()}]
    if notes := _goal_notes(goal):
        resource["note"] = [{"text": text} for text in notes]
    return resource


def _activity(step, plan: RecoveryPlan, goal_ref: str) -> dict:
    """A step: done is ``completed``; not done when the plan closed, ``cancelled``; else
    ``not-started``. Its due date is the end of its scheduled period."""
    if step.is_done:
        status = "completed"
    else:
        status = "cancelled" if plan.status == PlanStatus.CLOSED else "not-started"
    detail = {
        "status": status,
        "goal": [{"reference": goal_ref}],
        "description": f"{step.owner_display()}: {step.what}",
    }
    if step.due:
        detail["scheduledPeriod"] = {"end": step.due.isoformat()}
    return {"detail": detail}


def plan_status(plan: RecoveryPlan, goals: list) -> str:
    """draft, active; a closed plan is ``completed`` when every goal it did not revise was
    achieved (and there was one), otherwise ``revoked`` (ended before its goals were met)."""
    if plan.status == PlanStatus.DRAFT:
        return "draft"
    if plan.status == PlanStatus.ACTIVE:
        return "active"
    kept = [goal for goal in goals if goal.status != GoalStatus.REVISED]
    met = kept and all(goal.status == GoalStatus.ACHIEVED for goal in kept)
    return "completed" if met else "revoked"


def _consent_document(consent_copy: dict, patient_ref: str, doc_id: str) -> dict:
    """The copy of the consent a disclosure under consent carries (42 CFR 2.32(b)), as a
    DocumentReference holding its words as JSON."""
    data = json.dumps(consent_copy, ensure_ascii=False, indent=2).encode("utf-8")
    return {
        "resourceType": "DocumentReference",
        "id": doc_id,
        "meta": _meta("DocumentReference"),
        "text": {"status": "generated", "div": consent_div()},
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


def _names(client) -> list[dict]:
    """The legal name (``official``) and, when the person goes by another, the name they use
    (``usual``)."""
    names = [
        {
            "use": "official",
            "text": client.legal_name,
            "family": client.legal_last_name,
            "given": [client.legal_first_name],
        }
    ]
    if client.preferred_name and client.preferred_name != client.legal_first_name:
        names.append(
            {
                "use": "usual",
                "text": client.display_name,
                "family": client.legal_last_name,
                "given": [client.preferred_name],
            }
        )
    return names


def _patient(client, patient_id: str) -> dict:
    """A US Core Patient: the record number as its identifier, the names, ``gender``
    ``unknown`` (the record does not hold one), the date of birth."""
    patient = {
        "resourceType": "Patient",
        "id": patient_id,
        "meta": _meta("Patient"),
        "text": {"status": "generated", "div": patient_div(client)},
        "identifier": [{"use": "usual", "system": client_id_system(), "value": str(client.pk)}],
        "name": _names(client),
        "gender": "unknown",
    }
    if client.date_of_birth:
        patient["birthDate"] = client.date_of_birth.isoformat()
    return patient


def plan_bundle(plan: RecoveryPlan, *, consent_copy: dict | None = None) -> dict:
    """The plan (prefetched, from ``open_plan_of``) as a FHIR R4 ``collection`` Bundle; with
    ``consent_copy`` (``clients.selectors.export.consent_copy``) when it goes out under a
    consent, which then travels with it as a DocumentReference."""
    ids = _Ids()
    client = plan.client
    patient_ref = ids.urn("client", client.pk)
    goals = list(plan.goals.all())
    entries = [
        (patient_ref, _patient(client, ids.id("client", client.pk))),
        (ids.urn("plan", plan.pk), _care_plan(plan, goals, patient_ref, ids)),
        *(
            (ids.urn("goal", goal.pk), _goal(goal, plan, patient_ref, ids.id("goal", goal.pk)))
            for goal in goals
        ),
    ]
    if consent_copy is not None:
        doc_id = ids.id("consent", consent_copy["id"])
        entries.append((f"urn:uuid:{doc_id}", _consent_document(consent_copy, patient_ref, doc_id)))
    return {
        "resourceType": "Bundle",
        "meta": {"security": PART2_LABELS},
        "type": "collection",
        "entry": [{"fullUrl": url, "resource": resource} for url, resource in entries],
    }


def _care_plan(plan: RecoveryPlan, goals: list, patient_ref: str, ids: _Ids) -> dict:
    """The plan as a US Core CarePlan: status, intent, the ``assess-plan`` category, the
    patient, a narrative summary; a closed plan's period has its end."""
    period = {"start": timezone.localdate(plan.created_at).isoformat()}
    if plan.status == PlanStatus.CLOSED:
        period["end"] = closed_on(plan).isoformat()
    care_plan = {
        "resourceType": "CarePlan",
        "id": ids.id("plan", plan.pk),
        "meta": _meta("CarePlan"),
        # "additional": the narrative says more than the structured data (the Part 2 notice).
        "text": {"status": "additional", "div": care_plan_div(plan, goals)},
        "status": plan_status(plan, goals),
        "intent": "plan",
        "category": [US_CORE_CAREPLAN_CATEGORY],
        "title": "Recovery plan",
        "subject": {"reference": patient_ref},
        "created": plan.created_at.isoformat(),
        "period": period,
        "goal": [{"reference": ids.urn("goal", goal.pk)} for goal in goals],
        "activity": [
            _activity(step, plan, ids.urn("goal", goal.pk))
            for goal in goals
            for step in goal.steps.all()
        ],
    }
    return {key: value for key, value in care_plan.items() if value != []}
