from recovery_portal.notifications.messages import unsubscribe_token
from tests.access import NOT_ALLOWED, OK, Row, by_role, clinical, everyone


def _client_pk(request):
    return {"pk": request.getfixturevalue("client_record").pk}


def _token(request):
    return {"token": unsubscribe_token(request.getfixturevalue("client_user"))}


ROWS = {
    # Everyone signed in keeps their own reminder settings and sees their own reminders.
    "notifications:preferences": Row(by_role()),
    "notifications:mine": Row(by_role()),
    # The one-click link in every e-mail: the signed token is the credential, so it opens
    # without sign-in for whoever holds it (a GET only shows a button).
    "notifications:unsubscribe": Row(everyone(OK), kwargs=_token),
    # The SMS provider's webhooks: POST only, and only with the provider's signature
    # (tests/notifications/test_inbound_*.py); a GET is refused for everyone.
    "notifications:sms_inbound": Row(everyone(NOT_ALLOWED)),
    "notifications:sms_status": Row(everyone(NOT_ALLOWED)),
    # A client's delivery log: clinical staff with the client in scope; anyone else 404.
    "home:client_reminders": Row(clinical(), kwargs=_client_pk),
}
