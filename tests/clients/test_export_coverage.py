"""A records request gets the whole record: every model that holds a row about one client is in
the export, or on the list below saying why not. "About one client" means reachable from
``clients.Client`` by a chain of foreign keys or one-to-ones, however long (a plan version →
its plan → the client; a suspension → its disclosure → its consent → the client), the history
rows of django-simple-history included. A new model with a client then cannot be left out of
the copy without anyone deciding it.

"In the export" means read by it: by ``clients.selectors.export.record_export`` itself
(``OWN_SECTIONS``) or by an ``ExportPart`` declaring the model in its ``models``; the last two
tests check that each really reads what it says. Rows that point at a client through a generic
relation (audit events, reminders) are not found here and are not in the record (see
``NOT_IN_THE_RECORD``)."""

import re

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clients.models import Client
from clients.selectors.export import record_export
from recovery_portal.plugins import record_export_parts

# Read by record_export itself: identity, status history, case assignments, intakes and their
# needs, screenings, safety alerts (the client row is the export's subject).
OWN_SECTIONS = {
    "clients.ClientStatusChange",
    "clients.CaseAssignment",
    "clients.Intake",
    "clients.IntakeNeed",
    "clients.Screening",
    "clients.SafetyAlert",
}

# Models with a client that the copy leaves out on purpose, each with its reason. Audit events
# and reminders have no foreign key to the client (generic relations), so they are not listed:
# neither is part of the record (events are the organization's trail, reminders its outbox).
NOT_IN_THE_RECORD = {
    # Invitations to open a portal account: an e-mail address, token digests and dates, about
    # the account, not the person's care.
    "clients.PortalInvitation",
    # Records management: the organization's holds on destroying the record and its retention
    # decisions (which hold no content about the person).
    "clients.LegalHold",
    "clients.RetentionReview",
    # django-simple-history's rows of every earlier state of a plan and of its goals, barriers
    # and strategies: the trail of staff's edits (who changed which field when). The copy
    # carries every state the client was shared, whole (the plan versions: first and at each
    # revision), and the plan as it stands now; an edit made between two versions and replaced
    # before the next (a goal's wording changed twice between reviews), or a draft never
    # shared, is not in it. The client's own words in the history, their comments on their
    # steps, are: "casework.HistoricalActionStep" is read by the "step_comments" part.
    "casework.HistoricalRecoveryPlan",
    "casework.HistoricalGoal",
    "casework.HistoricalBarrier",
    "casework.HistoricalStrategy",
    # An agency's request that a disclosure be left out of the client's accounting (HIPAA
    # 164.528(a)(2)): while the suspension lasts neither it nor the disclosure it covers may be
    # in any copy (``disclosures_export`` leaves the disclosure out until the suspension ends,
    # then carries it). The suspension row itself, the agency's statement, is the
    # organization's documentation of the request, not information used in the client's care:
    # it stays out after the suspension ends too.
    "clients.AccountingSuspension",
    # Who opened the record in an emergency, when and why: the organization's access log (a
    # use inside the program, not a disclosure); the client sees such opens under "Who has seen
    # my record", and a disclosure made in the emergency is on the disclosure ledger, which is
    # exported.
    "clients.EmergencyAccess",
}


def _points_into(model, reached: set) -> bool:
    return any(
        (field.many_to_one or field.one_to_one) and field.related_model in reached
        for field in model._meta.concrete_fields
    )


def _models_with_a_client() -> set[str]:
    """Every model with a chain of foreign keys or one-to-ones leading to ``Client``."""
    reached = {Client}
    grew = True
    while grew:
        found = {m for m in apps.get_models() if m not in reached and _points_into(m, reached)}
        reached |= found
        grew = bool(found)
    return {model._meta.label for model in reached - {Client}}


def test_the_walk_follows_chains_of_foreign_keys():
    found = _models_with_a_client()
    assert {
        "casework.PlanVersion",  # → plan → client
        "casework.PlanAcknowledgement",  # → version → plan → client
        "casework.NoteGoal",  # → note → client
        "casework.HistoricalActionStep",  # → goal → plan → client
        "clients.AccountingSuspension",  # → disclosure → consent → client
        "aftercare.Outcome",  # → follow-up → plan → client
    } <= found
    assert "clients.Program" not in found  # the client points at it, not it at the client


def _declared() -> set[str]:
    return {label for part in record_export_parts() for label in part.models}


def test_every_model_with_a_client_is_exported_or_excluded_with_a_reason():
    exported = OWN_SECTIONS | _declared()
    left_out = _models_with_a_client() - exported - NOT_IN_THE_RECORD
    assert not left_out, (
        f"{sorted(left_out)} hold rows about a client but no part of the records-request "
        "export reads them: declare them in an ExportPart's models (the app's apps.py), or add "
        "them to NOT_IN_THE_RECORD with the reason."
    )


def test_the_lists_name_real_models_with_a_client_and_do_not_overlap():
    for label in OWN_SECTIONS | NOT_IN_THE_RECORD:
        apps.get_model(label)
    # An exclusion of a model no longer about a client is stale: it would hide the next one.
    assert not NOT_IN_THE_RECORD - _models_with_a_client()
    exported = OWN_SECTIONS | _declared()
    assert not exported & NOT_IN_THE_RECORD


def _tables_read(queries) -> set[str]:
    return {table for query in queries for table in re.findall(r'\bFROM "(\w+)"', query["sql"])}


@pytest.mark.django_db
def test_each_part_reads_the_models_it_declares(client_record):
    for part in record_export_parts():
        assert part.models, f"ExportPart {part.key!r} declares no models"
        with CaptureQueriesContext(connection) as queries:
            part.loader()(client_record)
        tables = {apps.get_model(label)._meta.db_table for label in part.models}
        assert tables <= _tables_read(queries), part.key


@pytest.mark.django_db
def test_the_export_reads_its_own_sections(client_record):
    with CaptureQueriesContext(connection) as queries:
        record_export(client_record)
    tables = {apps.get_model(label)._meta.db_table for label in OWN_SECTIONS}
    assert tables <= _tables_read(queries)
