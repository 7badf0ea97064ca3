"""A recovery plan as a FHIR R4 Bundle: a ``CarePlan`` whose goals are ``Goal`` resources and
whose action steps are its activities, plus the ``Patient`` they are about.

Ids are stable UUIDs derived from our primary keys, so exporting twice gives the same
references. Barriers, strategies and services have no FHIR element of their own on ``Goal``;
they travel as the goal's notes.

What a receiving system checks (docs/exports.md): every resource passes R4's invariants, and the
CarePlan and Goals carry what US Core's CarePlan and Goal profiles require. A goal's target is
the client's words ("three meetings a week"), not a coded measure and value, so it travels as a
note and ``Goal.target`` carries only the due date (R4's gol-1: a target detail needs a
measure). The CarePlan's narrative summarises the plan and its goals, then the Part 2 notice.
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
_XHTML = '<div xmlns="http://www.w3.org/1999/xhtml">'


def _goal_notes(goal) -> list[str]:
    notes = [f"Measurable target: {goal.target}"] if goal.target else []
    notes += [
        f"Barrier: {b.description}"
        + "".join(f"\nStrategy: {s.description}" for s in b.strategies.all())
        for b in goal.barriers.all()
    ]
    if services := goal.services_display():
        notes.append("Services: " + ", ".join(services))
    return notes


def _goal_line(goal) -> str:
    parts = [f"status: {goal.get_status_display()}"]
    if goal.target:
        parts.append(f"target: {goal.target}")
    if goal.target_date:
        parts.append(f"by {goal.target_date.isoformat()}")
    return f"<li>{escape(goal.statement)} ({escape('; '.join(parts))})</li>"


def _care_plan_div(plan: RecoveryPlan, goals: list) -> str:
    """The narrative US Core asks for: the plan's status and dates, a line per goal, and the
    Part 2 notice the copy must carry."""
    when = f"started {plan.created_at.date().isoformat()}"
    if plan.status == PlanStatus.CLOSED:
        when += f", closed {_closed_on(plan).isoformat()}"
    summary = f"<p><b>Recovery plan</b> ({escape(plan.get_status_display())}; {when})</p>"
    if goals:
        summary += f"<p>Goals ({len(goals)}):</p><ul>" + "".join(map(_goal_line, goals)) + "</ul>"
    else:
        summary += "<p>No goals have been written yet.</p>"
    notice = f"<p><b>{escape(NOTICE_HEADING)}</b></p><p>{escape(REDISCLOSURE_NOTICE)}</p>"
    return _XHTML + summary + notice + "</div>"


def _closed_on(plan: RecoveryPlan):
    """When a closed plan ended: ``closed_at``; a plan closed before that was recorded (by the
    admin) ended at its last change."""
    return (plan.closed_at or plan.updated_at).date()


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
        "startDate": goal.created_at.date().isoformat(),
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
    entries = [
        (patient_ref, patient),
        (_urn("plan", plan.pk), _care_plan(plan, goals, patient_ref)),
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


def _care_plan(plan: RecoveryPlan, goals: list, patient_ref: str) -> dict:
    """The plan as a US Core CarePlan: status, intent, the ``assess-plan`` category, the
    patient, a narrative summary; a closed plan's period has its end."""
    period = {"start": plan.created_at.date().isoformat()}
    if plan.status == PlanStatus.CLOSED:
        period["end"] = _closed_on(plan).isoformat()
    care_plan = {
        "resourceType": "CarePlan",
        "meta": _META,
        # "additional": the narrative says more than the structured data (the Part 2 notice).
        "text": {"status": "additional", "div": _care_plan_div(plan, goals)},
        "status": _PLAN_STATUS[plan.status],
        "intent": "plan",
        "category": [US_CORE_CAREPLAN_CATEGORY],
        "title": "Recovery plan",
        "subject": {"reference": patient_ref},
        "created": plan.created_at.isoformat(),
        "period": period,
        "goal": [{"reference": _urn("goal", goal.pk)} for goal in goals],
        "activity": [_activity(step) for goal in goals for step in goal.steps.all()],
    }
    return {key: value for key, value in care_plan.items() if value != []}
