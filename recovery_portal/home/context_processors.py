import re

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe

from recovery_portal.plugins import nav_for

_CALL_OR_TEXT = re.compile(r"\b(call) or (text) 988\b", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w>/:-])(988|911)(?![\w<-])")


def crisis_links(text: str) -> str:
    """The footer's crisis line with its numbers as links on a phone: "call or text 988"
    becomes a tel: and an sms: link, any other 988 or 911 a tel: link. The text is escaped
    first (an administrator sets it in the environment)."""
    html = _CALL_OR_TEXT.sub(
        r'\1 <a href="tel:988">988</a> or \2 <a href="sms:988">988</a>', escape(text)
    )
    return mark_safe(_NUMBER.sub(r'<a href="tel:\1">\1</a>', html))  # noqa: S308 escaped above


def portal(request):
    match = getattr(request, "resolver_match", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "CRISIS_LINE": settings.CRISIS_LINE,
        "CRISIS_LINE_TEXT": settings.CRISIS_LINE_TEXT,
        "CRISIS_LINE_LINKS": crisis_links(settings.CRISIS_LINE_TEXT),
        "nav_links": nav_for(request.user, match.view_name if match else "")
        if hasattr(request, "user")
        else [],
    }
