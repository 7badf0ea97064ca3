"""A value of a record's copy in words, for the printable page: a list or a mapping (a JSON
field: a goal's services, a review's progress per goal, an alert's reasons) as text, never as
Python's notation. The JSON copy keeps the structure."""

from django import template

register = template.Library()


def _words(value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_words(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return "; ".join(_words(item) for item in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "—" if value in (None, "") else str(value)


@register.filter
def export_value(value) -> str:
    return _words(value)
