"""Every refusal says who can (issue 18, item 2): refused pages name, in one line, the roles
whose permissions allow it; facilitators enrol and remove people in the groups they run; a
full group says so and who can raise its size."""

import html

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from groups.models import Enrollment, EnrollmentStatus
from groups.services.enrollment import enrollment_add, enrollment_end
from recovery_portal.accounts.roles import Role
from tests.factories import ClientFactory, UserFactory
from tests.groups.helpers import make_group


def test_a_facilitator_asking_for_a_new_group_is_told_who_can(client, facilitator):
    client.force_login(facilitator)
    response = client.get(reverse("groups:new"))
    assert response.status_code == 403
    assert (
        "Only people with the Supervisor or Case manager roles can create or change groups."
        in response.content.decode()
    )


def test_the_sentence_follows_the_roles_permissions(client, facilitator):
    """An administrator who gives facilitators the permission to keep a caseload changes the
    answer: the sentence is read from the roles, not written down."""
    Group.objects.get(name=Role.CASE_MANAGER.value).permissions.remove(
        Permission.objects.get(codename="keep_caseload")
    )
    client.force_login(facilitator)
    response = client.get(reverse("groups:new"))
    assert "Only people with the Supervisor role can create or change groups." in (
        response.content.decode()
    )


def test_a_client_on_a_staff_page_is_told_it_is_for_staff(client, client_user):
    client.force_login(client_user)
    response = client.get(reverse("groups:list"))
    assert response.status_code == 403
    assert "only staff accounts can open it" in response.content.decode() or (
        "can open the groups pages" in response.content.decode()
    )


def test_a_staff_member_on_a_clients_page_is_told_whose_page_it_is(client, case_manager):
    client.force_login(case_manager)
    response = client.get(reverse("groups:mine"))
    assert response.status_code == 403
    assert "This is a client's own page" in html.unescape(response.content.decode())


def test_a_facilitator_enrols_a_former_member_and_removes_a_member(
    client, supervisor, facilitator, case_manager
):
    group = make_group(supervisor, facilitators=[facilitator])
    former = ClientFactory(case_manager=case_manager, actor=case_manager, legal_first_name="Ari")
    member = ClientFactory(case_manager=case_manager, actor=case_manager, legal_first_name="Bo")
    stranger = ClientFactory(case_manager=case_manager, actor=case_manager)
    enrollment_end(
        enrollment=enrollment_add(group=group, client=former, actor=case_manager),
        actor=case_manager,
    )
    current = enrollment_add(group=group, client=member, actor=case_manager)
    client.force_login(facilitator)

    page = client.get(reverse("groups:enroll", args=[group.pk]))
    assert page.status_code == 200
    choices = [label for _, label in page.context["form"].fields["client"].choices][1:]
    assert choices == [f"Ari {former.legal_last_name[0]}."]  # names only; no one else's
    response = client.post(reverse("groups:enroll", args=[group.pk]), {"client": stranger.pk})
    assert response.status_code == 200  # not theirs to choose: a form error
    response = client.post(reverse("groups:enroll", args=[group.pk]), {"client": former.pk})
    assert response.status_code == 302
    assert Enrollment.objects.get(group=group, client=former, status=EnrollmentStatus.ENROLLED)

    detail = client.get(reverse("groups:detail", args=[group.pk])).content.decode()
    assert reverse("groups:enrollment_end", args=[current.pk]) in detail
    response = client.post(reverse("groups:enrollment_end", args=[current.pk]))
    assert response.status_code == 302
    current.refresh_from_db()
    assert current.status == EnrollmentStatus.LEFT


def test_a_facilitator_of_another_group_cannot_enrol_or_remove(
    client, supervisor, facilitator, case_manager
):
    other = UserFactory(role=Role.FACILITATOR)
    group = make_group(supervisor, facilitators=[other])
    member = ClientFactory(case_manager=case_manager, actor=case_manager)
    current = enrollment_add(group=group, client=member, actor=case_manager)
    client.force_login(facilitator)
    assert client.get(reverse("groups:enroll", args=[group.pk])).status_code == 404
    assert client.post(reverse("groups:enrollment_end", args=[current.pk])).status_code == 404


def test_a_full_group_says_so_and_who_can_raise_its_size(
    client, supervisor, facilitator, case_manager
):
    group = make_group(supervisor, facilitators=[facilitator], capacity=1)
    member = ClientFactory(case_manager=case_manager, actor=case_manager)
    enrollment_add(group=group, client=member, actor=case_manager)
    client.force_login(facilitator)
    page = client.get(reverse("groups:detail", args=[group.pk])).content.decode()
    assert "This group is full: anyone enrolled now goes on the waiting list." in page
    assert "Only people with the Supervisor or Case manager roles can raise its size." in page
    assert reverse("groups:edit", args=[group.pk]) not in page  # not theirs to change
    client.force_login(supervisor)
    page = client.get(reverse("groups:detail", args=[group.pk])).content.decode()
    assert "Change its size" in page
