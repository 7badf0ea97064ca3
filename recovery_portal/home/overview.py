"""The overview of one client's record: cards gathered from every app.

Each app declares its cards as ``overview_panels`` on its AppConfig (see
``recovery_portal/plugins.py``):
a title, a template and a loader ``(user, client) -> dict | None`` that calls that app's
selectors with a fixed number of queries (the overview's query count must not grow with the
record). A loader returning ``None`` hides its card.
"""

from __future__ import annotations

from recovery_portal.plugins import overview_panels as declared_panels


def overview_panels(user, client) -> list[dict]:
    cards = []
    for panel in declared_panels():
        data = panel.loader()(user, client)
        if data is not None:
            cards.append(
                {"key": panel.key, "title": panel.title, "template": panel.template, "data": data}
            )
    return cards
