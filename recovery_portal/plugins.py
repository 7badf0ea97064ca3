"""How an app plugs into the pages several apps share, without any app importing another.

An app declares what it brings as class attributes of its ``AppConfig`` (in its ``apps.py``);
the shared pages gather them from every installed app, in ``INSTALLED_APPS`` order, then by
``order``. Callables are named by dotted path (``"casework.panels.plan"``) so that
``apps.py`` imports no models; they are imported the first time a page needs them.

| attribute         | holds            | read by                                            |
| ----------------- | ---------------- | -------------------------------------------------- |
| ``record_tabs``   | ``RecordTab``    | the frame of every staff page of a client record   |
| ``overview_panels`` | ``Panel``      | the record's overview (``home:client_overview``)   |
| ``today_items``   | ``Panel``        | the staff "Today" page (``home:today``)            |
| ``client_home_items`` | ``Panel``    | the client's "My recovery" page (``home:my_recovery``) |
| ``nav_links``     | ``NavLink``      | the top navigation (``templates/_nav_items.html``) |
| ``demo_seeders``  | dotted paths     | ``manage.py seed_demo``, in ``INSTALLED_APPS`` order |
| ``record_export_parts`` | ``ExportPart`` | a client's records-request export (the whole record) |
| ``calendar_sources`` | dotted paths   | a person's private calendar feed (events as dicts) |
| ``access_enders`` | ``AccessEnder``  | ``accounts.access.access_end``: every way in that ends |
| ``status_steps``  | ``StatusStep``   | a record's status form (``clients:status``)        |
| ``status_notes``  | dotted paths     | the watchdog: /healthz details, the admin's status |
| ``intake_completed`` | dotted paths   | ``intake_complete`` (clients), inside its transaction |
| ``record_closers`` | dotted paths    | closing a record (``clients.services.record``)     |
| ``contact_sources`` | dotted paths   | a client's stored last contact (``Client``)        |
| ``client_busy``   | dotted paths     | booking an appointment: what else the client has then |

Example (``casework/apps.py``)::

    class CaseworkConfig(AppConfig):
        name = "casework"
        record_tabs = [RecordTab("plan", "Plan", "casework:plan", order=200)]
        overview_panels = [Panel("plan", "Recovery plan", "casework/panels/_plan.html",
                                 "casework.panels.plan", order=200)]
        nav_links = [NavLink("Caseload", "casework:caseload", Audience.CASELOAD, order=20)]
        demo_seeders = ["casework.demo.plan.seed", ...]

Orders: each registry is sorted on its own, and no two items of one registry share an order
(``manage.py check`` refuses it, portal.E103, as it refuses a dotted path that does not import,
a URL name that does not reverse and a template that does not load: ``recovery_portal/checks.py``).
The ranges in use:

- ``access_enders``: accounts 0–99, notifications 100–199, clients 200–299, groups 300–399.
- ``record_tabs``: grouped by ``section`` (``RECORD_SECTIONS``), sorted by order within it;
  home's Overview 0, clients 10–80, casework 200–230, groups 300,
  aftercare 400, home's Reminders 900, clients' Export (records request) 990, last.
- ``overview_panels``, ``today_items``, ``client_home_items``, ``record_export_parts``:
  clients 0–199, casework 200–299, groups 300–399, aftercare 400–499. On Today, ``live``
  cards come before all others whatever their order (aftercare's help-now and check-in alerts).
- ``nav_links``: staff and clients never see each other's links (``User.is_client`` excludes
  staff), so the two interleave. Staff: home's Today 0, clients 10, casework 20–24, groups 300,
  aftercare 400–410. Clients: home's My recovery 100, casework 102–105, clients 110–130,
  notifications 190, groups 350, aftercare 450–460.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from django.apps import apps
from django.utils.module_loading import import_string


class Audience(StrEnum):
    """Who a navigation link is for, each asked of the user's permission predicates."""

    STAFF = "staff"  # any staff role
    CLINICAL = "clinical"  # may open client records (case managers, supervisors)
    SUPERVISION = "supervision"  # sees every client (supervisors)
    GROUPS = "groups"  # runs peer groups (facilitators)
    CLIENT = "client"  # a client's own pages

    def includes(self, user) -> bool:
        return {
            Audience.STAFF: lambda: user.is_portal_staff,
            Audience.CLINICAL: lambda: user.is_clinical_staff,
            Audience.SUPERVISION: lambda: user.may_see_all_clients,
            Audience.GROUPS: lambda: user.runs_groups,
            Audience.CLIENT: lambda: user.is_client,
        }[self]()


# The sections a record's tabs are grouped in (a row of sections, then the current section's
# tabs: two rows on a phone instead of seventeen tabs in six), in the order shown: the label,
# and the short one a phone shows.
RECORD_SECTIONS = {
    "record": ("Record", "Record"),
    "plan": ("Plan and notes", "Plan"),
    "contact": ("Contact and sharing", "Sharing"),
    "aftercare": ("Meetings and aftercare", "Aftercare"),
}


@dataclass(frozen=True)
class RecordTab:
    """A tab of a client's record. Its view passes ``part=key`` to ``clients.frame``; the URL
    is reversed with the client's id as its one argument. ``also`` lists other parts (pages
    under the tab) that mark it current. ``section`` is a key of ``RECORD_SECTIONS``."""

    key: str
    label: str
    url_name: str
    order: int
    also: tuple[str, ...] = ()
    supervision_only: bool = False
    section: str = "record"


@dataclass(frozen=True)
class Panel:
    """A card on a shared page. ``load`` is the dotted path of ``(user, client) -> dict`` for
    overview panels and ``(user) -> dict`` for Today and My recovery; it must run a fixed number
    of queries however large the caseload, and may return ``None`` to hide the card. The
    template reads ``data``. ``live`` (Today only): a safety card, shown first on the page and
    refreshed every minute without a reload (``home:today_live``, ``static/home/live.js``)."""

    key: str
    title: str
    template: str
    load: str
    order: int
    live: bool = False

    def loader(self):
        return _imported(self.load)


@dataclass(frozen=True)
class ExportPart:
    """A part of a client's record in the records-request export: ``load`` is the dotted path
    of ``(client) -> list[dict]`` (see ``recovery_portal.record_export.rows_of``); ``models``
    the labels of the models it reads (``"casework.Referral"``), so that
    ``tests/clients/test_export_coverage.py`` can tell a model with a client left out.
    ``template`` shows the part's rows in the printable copy (given ``part``) where a table of
    plain values would not do (rows holding lists, e.g. a plan version's goals); empty: a table.
    """

    key: str
    title: str
    load: str
    order: int
    models: tuple[str, ...] = ()
    template: str = ""

    def loader(self):
        return _imported(self.load)


@dataclass(frozen=True)
class AccessEnder:
    """A kind of credential that lets a person in (a session, a calendar link, an e-mailed
    link …). When access ends (``recovery_portal.accounts.access.access_end``), ``end``, the
    dotted path of ``(user, *, now) -> int``, ends every one of ``user``'s, for good, and
    returns how many it ended. A stateless kind (a signed link) refuses instead every link made
    before ``user.access_ended_at``, which the service sets first. A new kind of token must be
    declared here: ``tests/accounts/test_access_end.py`` proves each declared kind dies."""

    key: str
    label: str
    end: str
    order: int

    def ender(self):
        return _imported(self.end)


@dataclass(frozen=True)
class StatusStep:
    """A step another app offers in the same submit as a change of a client's status (e.g.
    aftercare: "start an aftercare plan" with a discharge). ``offer`` is the dotted path of
    ``(client) -> bool`` (whether to show the tick box, on by default); ``run`` of
    ``(*, client, to_status, actor, request) -> str | None``, called after the change in the
    same transaction when the box is ticked, returning what to tell the user (a
    ``ValidationError`` undoes the change too). ``statuses``: the changes it applies to."""

    key: str
    label: str
    help_text: str
    offer: str
    run: str
    order: int
    statuses: tuple[str, ...] = ()

    def offered(self, client) -> bool:
        return _imported(self.offer)(client)

    def runner(self):
        return _imported(self.run)


@dataclass(frozen=True)
class StatusNote:
    """What a ``status_notes`` callable returns: ``state`` is "ok" or a word /healthz names,
    ``words`` what the admin's front page says (e.g. "No one is on call now")."""

    name: str
    state: str
    words: str

    @property
    def ok(self) -> bool:
        return self.state == "ok"


@dataclass(frozen=True)
class NavLink:
    label: str
    url_name: str
    audience: Audience
    order: int
    also: tuple[str, ...] = ()  # other URL names ("ns:*": a whole namespace) marking it current
    # Links naming the same menu fold into one item of that name (so every role's menu fits
    # on one line at 1280 px), placed where its first link would be.
    menu: str = ""

    def is_current(self, view_name: str) -> bool:
        namespace = view_name.rpartition(":")[0]
        return view_name == self.url_name or any(
            view_name == other or (other.endswith(":*") and other[:-2] == namespace)
            for other in self.also
        )


def _gather(attribute: str) -> list:
    found = []
    for index, config in enumerate(apps.get_app_configs()):
        for item in getattr(config, attribute, ()):
            found.append((getattr(item, "order", index), index, item))
    return [item for *_, item in sorted(found, key=lambda t: (t[0], t[1]))]


@cache
def _imported(path: str):
    return import_string(path)


def record_tabs() -> list[RecordTab]:
    return _gather("record_tabs")


def overview_panels() -> list[Panel]:
    return _gather("overview_panels")


def today_items() -> list[Panel]:
    return _gather("today_items")


def client_home_items() -> list[Panel]:
    return _gather("client_home_items")


def status_steps() -> list[StatusStep]:
    return _gather("status_steps")


def record_export_parts() -> list[ExportPart]:
    return _gather("record_export_parts")


def access_enders() -> list[AccessEnder]:
    return _gather("access_enders")


def nav_links() -> list[NavLink]:
    return _gather("nav_links")


def nav_for(user, view_name: str) -> list[dict]:
    """The navigation links ``user`` may use, with the current one marked; links of one
    ``menu`` gathered into one item ``{"label", "menu": [links], "current"}``."""
    from django.urls import reverse

    if not user.is_authenticated:
        return []
    items: list[dict] = []
    menus: dict[str, dict] = {}
    for link in nav_links():
        if not link.audience.includes(user):
            continue
        item = {
            "label": link.label,
            "url": reverse(link.url_name),
            "current": link.is_current(view_name),
        }
        if not link.menu:
            items.append(item)
            continue
        if link.menu not in menus:
            menus[link.menu] = {"label": link.menu, "menu": [], "current": False}
            items.append(menus[link.menu])
        menus[link.menu]["menu"].append(item)
        menus[link.menu]["current"] |= item["current"]
    return items


def _declared_callables(attribute: str) -> list:
    """The callables every app names (dotted paths) in ``attribute``, in INSTALLED_APPS order."""
    return [
        _imported(path)
        for config in apps.get_app_configs()
        for path in getattr(config, attribute, ())
    ]


def calendar_sources() -> list:
    """Loaders ``(user, *, since, until) -> list[dict]`` of events for a person's private
    calendar feed, from every app that declares ``calendar_sources``."""
    return _declared_callables("calendar_sources")


def status_notes() -> list:
    """Callables ``(now) -> StatusNote`` read by the watchdog (``recovery_portal/ops/health.py``):
    things administrators must know that are not an outage, such as nobody being on call."""
    return _declared_callables("status_notes")


def intake_completed_hooks() -> list:
    """Callables ``(*, intake, actor, request)`` run inside ``intake_complete``'s transaction
    (aftercare schedules the intake-anchored follow-ups, such as GPRA's 6-month interview): an
    error in one undoes the completion, so nothing is half done."""
    return _declared_callables("intake_completed")


def record_closers() -> list:
    """Callables ``(*, client, actor, request) -> None`` every app that serves a client declares:
    run when the client's record is closed, inside the same transaction (a ``ValidationError``
    undoes the closing), each ending what its app still does for the client (group places,
    the aftercare plan, appointment reminders)."""
    return _declared_callables("record_closers")


def contact_sources() -> list:
    """Callables ``(client_ref) -> QuerySet`` of one datetime column: the moments an app records
    contact with the client (``client_ref`` is an ``OuterRef`` to the client). The latest of
    them all is stored on the client (``Client.last_contact_at``), kept by the services that
    record contact (``clients.services.contact.last_contact_refresh``)."""
    return _declared_callables("contact_sources")


def client_busy_sources() -> list:
    """Callables ``(client, *, starts_at, ends_at) -> list[str]``: what else the client has
    in that time (groups: sessions of groups they are enrolled in), each said in one line, for
    the clash warning when an appointment is booked or moved."""
    return _declared_callables("client_busy")


def demo_seeders() -> list:
    """The demo seeders of every app, in ``INSTALLED_APPS`` order (the apps' dependency order:
    accounts before clients before casework, groups and aftercare)."""
    return _declared_callables("demo_seeders")
