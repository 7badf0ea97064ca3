"""Confirm what cannot be undone (issue 18, item 4), as a browser without JavaScript does it:
the first post shows what will happen and changes nothing; the second acts."""

from django.urls import reverse

from casework.models import Referral
from tests.casework.helpers import note_make, plan_make, resource_make
from tests.factories import ClientFactory


def test_signing_a_note_asks_once_then_signs(client, case_manager, client_record):
    note = note_make(client_record, case_manager)
    url = reverse("casework:note_sign", args=[client_record.pk, note.pk])
    client.force_login(case_manager)
    page = client.post(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Sign and lock this note?" in body and "This cannot be undone." in body
    assert 'name="confirmed" value="yes"' in body
    note.refresh_from_db()
    assert note.signed_at is None
    assert client.post(url, {"confirmed": "yes"}).status_code == 302
    note.refresh_from_db()
    assert note.signed_at is not None


def test_sharing_a_plan_with_a_client_without_an_account_says_so(client, case_manager):
    record = ClientFactory(case_manager=case_manager, actor=case_manager)  # no portal account
    plan = plan_make(record, case_manager)
    url = reverse("casework:plan_share", args=[record.pk])
    client.force_login(case_manager)
    body = client.post(url).content.decode()
    assert "has no portal account yet" in body
    assert reverse("clients:invitation", args=[record.pk]) in body
    plan.refresh_from_db()
    assert plan.status == "draft"
    response = client.post(url, {"confirmed": "yes"}, follow=True)
    said = [str(m) for m in response.context["messages"]]
    assert any("has no portal account yet" in m for m in said), said
    plan.refresh_from_db()
    assert plan.status != "draft"


def test_sharing_with_a_client_who_has_an_account_says_they_can_read_it(
    client, case_manager, client_record
):
    plan_make(client_record, case_manager)
    url = reverse("casework:plan_share", args=[client_record.pk])
    client.force_login(case_manager)
    body = client.post(url).content.decode()
    assert "Share the plan with the client?" in body and "no portal account" not in body
    response = client.post(url, {"confirmed": "yes"}, follow=True)
    said = [str(m) for m in response.context["messages"]]
    assert "The plan is shared. The client can read and acknowledge it." in said


def test_sending_a_referral_asks_once_keeping_the_answers(client, case_manager, client_record):
    housing = resource_make(case_manager)
    url = reverse("casework:referral_new", args=[client_record.pk])
    answers = {"resource": housing.pk, "reason": "Needs a flat", "urgency": "soon"}
    client.force_login(case_manager)
    page = client.post(url, answers)
    body = page.content.decode()
    assert "Send the referral to" in body and 'name="reason" value="Needs a flat"' in body
    assert not Referral.objects.exists()
    assert client.post(url, {**answers, "confirmed": "yes"}).status_code == 302
    assert Referral.objects.get().reason == "Needs a flat"
