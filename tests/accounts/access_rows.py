"""Access rows of the accounts app's own pages (allauth's are allauth's)."""

from django.contrib.auth.models import Group

from recovery_portal.accounts.invitation import staff_add
from recovery_portal.accounts.roles import Role
from tests.access import OK, Row, everyone


def _staff_token(request) -> dict:
    admin = request.getfixturevalue("admin_user")
    invitation = staff_add(
        email="newly.invited@example.test",
        full_name="Newly Invited",
        role=Group.objects.get(name=Role.FACILITATOR.value),
        actor=admin,
    )
    return {"token": invitation.token}


ROWS = {
    # The e-mailed link: whoever holds it (a valid one here) sees the set-password form.
    "staff_invitation_accept": Row(everyone(OK), _staff_token),
}
