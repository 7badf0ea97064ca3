from django.conf import settings


def portal(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "CRISIS_LINE": settings.CRISIS_LINE,
        "CRISIS_LINE_TEXT": settings.CRISIS_LINE_TEXT,
    }
