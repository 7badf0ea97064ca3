"""The narratives (``text.div``) of the FHIR export's resources (``casework.fhir``): short
generated summaries in XHTML, every value escaped. Dates are local (``TIME_ZONE``)."""

from __future__ import annotations

from html import escape

from django.utils import timezone

from casework.models import PlanStatus, RecoveryPlan
from clients.part2 import NOTICE_HEADING, REDISCLOSURE_NOTICE

_XHTML = '<div xmlns="http://www.w3.org/1999/xhtml">'


def _div(body: str) -> str:
    return _XHTML + body + "</div>"


def closed_on(plan: RecoveryPlan):
    """The local date a closed plan ended: ``closed_at``; a plan closed before that was
    recorded (by the admin) ended at its last change."""
    return timezone.localdate(plan.closed_at or plan.updated_at)


def _goal_parts(goal) -> str:
    parts = [f"status: {goal.get_status_display()}"]
    if goal.target:
        parts.append(f"target: {goal.target}")
    if goal.target_date:
        parts.append(f"by {goal.target_date.isoformat()}")
    return escape("; ".join(parts))


def _goal_line(goal) -> str:
    return f"<li>{escape(goal.statement)} ({_goal_parts(goal)})</li>"


def care_plan_div(plan: RecoveryPlan, goals: list) -> str:
    """The narrative US Core asks for: the plan's status and dates, a line per goal, and the
    Part 2 notice the copy must carry."""
    when = f"started {timezone.localdate(plan.created_at).isoformat()}"
    if plan.status == PlanStatus.CLOSED:
        when += f", closed {closed_on(plan).isoformat()}"
    summary = f"<p><b>Recovery plan</b> ({escape(plan.get_status_display())}; {when})</p>"
    if goals:
        summary += f"<p>Goals ({len(goals)}):</p><ul>" + "".join(map(_goal_line, goals)) + "</ul>"
    else:
        summary += "<p>No goals have been written yet.</p>"
    notice = f"<p><b>{escape(NOTICE_HEADING)}</b></p><p>{escape(REDISCLOSURE_NOTICE)}</p>"
    return _div(summary + notice)


def goal_div(goal) -> str:
    return _div(f"<p><b>Goal</b>: {escape(goal.statement)} ({_goal_parts(goal)})</p>")


def patient_div(client) -> str:
    name = escape(client.legal_name)
    if client.preferred_name and client.preferred_name != client.legal_first_name:
        name += f" (goes by {escape(client.preferred_name)})"
    born = f", born {client.date_of_birth.isoformat()}" if client.date_of_birth else ""
    return _div(f"<p><b>Client</b>: {name}{born}; record {client.pk}</p>")


def consent_div() -> str:
    return _div("<p>Copy of the client's written consent this plan is disclosed under.</p>")
