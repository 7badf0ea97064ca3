from django.conf import settings

from recovery_portal.plugins import nav_for


def portal(request):
    match = getattr(request, "resolver_match", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "CRISIS_LINE": settings.CRISIS_LINE,
        "CRISIS_LINE_TEXT": settings.CRISIS_LINE_TEXT,
        "nav_links": nav_for(request.user, match.view_name if match else "")
        if hasattr(request, "user")
        else [],
    }
