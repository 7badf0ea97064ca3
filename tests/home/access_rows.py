from tests.access import FORBIDDEN, OK, REDIRECT, Row, by_role, everyone

ROWS = {
    "healthz": Row(everyone(OK)),
    # The home page redirects each role to its own landing page.
    "home:index": Row(by_role(staff=REDIRECT, clients=REDIRECT)),
    "home:today": Row(by_role(clients=FORBIDDEN)),
    "home:my_recovery": Row(by_role(staff=FORBIDDEN)),
}
