from tests.access import FORBIDDEN, OK, REDIRECT, Row, by_role, everyone


def _portal_running(request) -> dict:
    # /healthz answers 200 only while a worker and beat check in (an empty install is 503).
    request.getfixturevalue("watchdog_all_clear")
    return {}


ROWS = {
    "healthz": Row(everyone(OK), kwargs=_portal_running),
    "home:favicon": Row(everyone(OK)),
    # The home page redirects each role to its own landing page.
    "home:index": Row(by_role(staff=REDIRECT, clients=REDIRECT)),
    "home:today": Row(by_role(clients=FORBIDDEN)),
    "home:today_live": Row(by_role(clients=FORBIDDEN)),
    "home:my_recovery": Row(by_role(staff=FORBIDDEN)),
}
