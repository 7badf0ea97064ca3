"""What US Core 7.0.0 requires of a Patient, a CarePlan and a Goal (the "mandatory" elements of
its US Core Patient, CarePlan and Goal profiles), checked on plain JSON.

CarePlan: text (status ``generated`` or ``additional``, and a div), status, intent, a category
``assess-plan`` from http://hl7.org/fhir/us/core/CodeSystem/careplan-category, subject.
Goal: lifecycleStatus, description, subject; a target that gives a detail also gives its
measure (R4's gol-1, which the profile keeps).
Patient: an identifier with its system and value, a name with a family or given part (or a
data-absent-reason, us-core-6), and gender (administrative-gender: male, female, other,
unknown).
"""

from __future__ import annotations

CAREPLAN_CATEGORY_SYSTEM = "http://hl7.org/fhir/us/core/CodeSystem/careplan-category"
NARRATIVE_STATUSES = {"generated", "additional"}  # US Core Narrative Status value set


def careplan_problems(care_plan: dict) -> list[str]:
    problems = [
        f"CarePlan.{key} is missing" for key in ("status", "intent") if not care_plan.get(key)
    ]
    text = care_plan.get("text") or {}
    if text.get("status") not in NARRATIVE_STATUSES:
        problems.append("CarePlan.text.status is not generated or additional")
    if not text.get("div"):
        problems.append("CarePlan.text.div is missing")
    codings = [c for category in care_plan.get("category", []) for c in category.get("coding", [])]
    if not any(
        c.get("system") == CAREPLAN_CATEGORY_SYSTEM and c.get("code") == "assess-plan"
        for c in codings
    ):
        problems.append("CarePlan.category has no assess-plan")
    if not (care_plan.get("subject") or {}).get("reference"):
        problems.append("CarePlan.subject is missing")
    return problems


def goal_problems(goal: dict) -> list[str]:
    problems = [f"Goal.{key} is missing" for key in ("lifecycleStatus",) if not goal.get(key)]
    description = goal.get("description") or {}
    if not (description.get("text") or description.get("coding")):
        problems.append("Goal.description is missing")
    if not (goal.get("subject") or {}).get("reference"):
        problems.append("Goal.subject is missing")
    for index, target in enumerate(goal.get("target", [])):
        has_detail = any(key.startswith("detail") for key in target)
        if has_detail and not target.get("measure"):
            problems.append(f"Goal.target[{index}] has a detail without a measure")
    return problems


GENDERS = {"male", "female", "other", "unknown"}


def patient_problems(patient: dict) -> list[str]:
    problems = []
    identifiers = patient.get("identifier") or []
    if not identifiers:
        problems.append("Patient.identifier is missing")
    for index, identifier in enumerate(identifiers):
        problems += [
            f"Patient.identifier[{index}].{key} is missing"
            for key in ("system", "value")
            if not identifier.get(key)
        ]
    names = patient.get("name") or []
    if not names:
        problems.append("Patient.name is missing")
    for index, name in enumerate(names):
        absent = any(
            e.get("url") == "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
            for e in name.get("extension", [])
        )
        if bool(name.get("family") or name.get("given")) == absent:
            problems.append(f"Patient.name[{index}] breaks us-core-6")
    if patient.get("gender") not in GENDERS:
        problems.append("Patient.gender is missing or not an administrative gender")
    return problems


def problems(bundle: dict) -> list[str]:
    """US Core's problems of every Patient, CarePlan and Goal in the bundle."""
    found = []
    for entry in bundle.get("entry", []):
        resource = entry["resource"]
        if resource["resourceType"] == "CarePlan":
            found += careplan_problems(resource)
        elif resource["resourceType"] == "Goal":
            found += goal_problems(resource)
        elif resource["resourceType"] == "Patient":
            found += patient_problems(resource)
    return found
