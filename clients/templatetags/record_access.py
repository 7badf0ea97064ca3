"""How "Who has seen my record" names each access, in plain words for the client."""

from django import template

register = template.Library()

_SAID = {
    "client.list_export": "Your name and contact details, in a download of the client list",
    "client.duplicate_check": "Checked for a possible duplicate record (a new person's intake)",
    "aftercare.report.compliance": "Your name, in a supervisor's list of follow-ups due",
    "client.emergency_search": (
        "Found by a search of someone outside your care team (to open in an emergency)"
    ),
}


@register.filter
def record_access(event) -> str:
    if event.action == "client.view":
        return (event.details.get("part") or "record").capitalize()
    if event.action == "client.emergency_access":
        # From the grant (record_views_of); events written before the reason left the trail
        # carry it in their details.
        reason = getattr(event, "emergency_reason", None) or event.details.get("reason", "")
        return f"Opened your record in an emergency. The reason they gave: “{reason}”"
    if event.action in _SAID:
        return _SAID[event.action]
    return "Copy of the record (export)"
