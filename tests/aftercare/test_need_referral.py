"""A need found at follow-up becomes a casework referral in one step, under the same consent
rules as any referral: refused without a covering consent (nothing saved), recorded with one."""

import pytest
from django.urls import reverse

from aftercare.models import FollowUpNeed
from casework.models import Referral
from clients.models import Disclosure, InformationKind
from tests.casework.helpers import resource_make

from .access_rows import _need

pytestmark = pytest.mark.django_db


@pytest.fixture
def need(request, client_record, case_manager):
    return FollowUpNeed.objects.get(pk=_need(request)["need_pk"])


def _post(client, need, resource, **extra):
    return client.post(
        reverse("aftercare:need_refer", args=[need.client_id, need.pk]),
        {
            "resource": resource.pk,
            "reason": "A bus pass",
            "urgency": "routine",
            "confirmed": "yes",  # past the confirmation step
            **extra,
        },
    )


def test_the_form_starts_from_the_need(client, case_manager, need):
    client.force_login(case_manager)
    response = client.get(reverse("aftercare:need_refer", args=[need.client_id, need.pk]))
    assert response.status_code == 200
    assert response.context["form"].initial["reason"] == "A bus pass"


def test_a_referral_sharing_nothing_is_made_and_the_need_is_acted_on(client, case_manager, need):
    resource = resource_make(case_manager)
    client.force_login(case_manager)
    response = _post(client, need, resource)
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert referral.client_id == need.client_id and referral.resource == resource
    need.refresh_from_db()
    assert need.acted_on_at is not None and need.referral_id == referral.pk


def test_sharing_without_a_consent_is_refused_and_changes_nothing(client, case_manager, need):
    resource = resource_make(case_manager)
    client.force_login(case_manager)
    response = _post(client, need, resource, shared_information=[InformationKind.CONTACT])
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Referral.objects.exists() and not Disclosure.objects.exists()
    need.refresh_from_db()
    assert need.acted_on_at is None


def test_another_case_manager_cannot_refer_someone_elses_need(client, other_case_manager, need):
    resource = resource_make(other_case_manager)
    client.force_login(other_case_manager)
    assert _post(client, need, resource).status_code == 404
    assert not Referral.objects.exists()
