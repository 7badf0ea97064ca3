"""System checks.

Deployment checks (``manage.py check --deploy``): settings that are safe for the demo and
unsafe in production. Errors fail the check at any level; the warning fails it with
``--fail-level WARNING``, as the README's production steps run it.

The apps' declarations for the shared pages (``plugin_declarations``, portal.E101–E103): every
dotted path, URL name and template that ``recovery_portal/plugins.py`` gathers, checked when
any ``manage.py`` command starts instead of when a page first needs it."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils.module_loading import import_string

from recovery_portal.plugins import (
    RECORD_SECTIONS,
    AccessEnder,
    ExportPart,
    NavLink,
    Panel,
    RecordTab,
    StatusStep,
)

PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)
PRINTING_SMS_BACKENDS = ("console", "file")
# Words a lock screen must never show (the reminders' discreet wording follows the same rule).
REVEALING = re.compile(
    r"addict|alcohol|drug|substance|treatment|recovery|rehab|sober|relapse|narcotic|"
    r"anonymous|\bAA\b|\bNA\b|fellowship|detox|methadone|counsel",
    re.IGNORECASE,
)


@register(Tags.security)
def discreet_sender_name(app_configs, **kwargs):
    name = settings.DISCREET_SENDER_NAME
    if not name or REVEALING.search(name):
        return [
            Error(
                f"DISCREET_SENDER_NAME {name!r} would tell anyone who sees a lock screen what "
                "the organization does (account e-mail subjects, the authenticator app).",
                hint="Choose a neutral name such as 'Member services'.",
                id="portal.E003",
            )
        ]
    return []


@register(Tags.security, Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in PER_PROCESS_CACHES:
        return [
            Error(
                f"The cache ({backend.rsplit('.', 1)[-1]}) is not shared between processes: "
                "each web process would keep its own log-in rate limits and used two-step "
                "codes, so they could be bypassed.",
                hint="Set CACHE_URL=redis://host:6379/1, or use a Redis CELERY_BROKER_URL "
                "(the cache then defaults to the next database of that Redis).",
                id="portal.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def sms_backend_sends(app_configs, **kwargs):
    if settings.SMS_BACKEND in PRINTING_SMS_BACKENDS:
        return [
            Error(
                f"SMS_BACKEND={settings.SMS_BACKEND} writes phone numbers and message bodies to "
                "the console or a file and marks the messages sent; nobody receives them.",
                hint="Set SMS_BACKEND=twilio (with its credentials) or SMS_BACKEND=disabled. If "
                "you really want this on a production server, add 'portal.E002' to "
                "SILENCED_SYSTEM_CHECKS.",
                id="portal.E002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def proxy_count(app_configs, **kwargs):
    behind_proxy = settings.SECURE_PROXY_SSL_HEADER or getattr(
        settings, "USE_X_FORWARDED_HOST", False
    )
    if behind_proxy and settings.TRUSTED_PROXY_COUNT == 0:
        return [
            Warning(
                "The portal trusts its reverse proxy for HTTPS (SECURE_PROXY_SSL_HEADER) but "
                "TRUSTED_PROXY_COUNT is 0: every visitor then has the proxy's address, so one "
                "person's failed log-ins lock everyone out, and the audit trail records the "
                "proxy instead of the visitor.",
                hint="Set TRUSTED_PROXY_COUNT to the number of proxies that append to "
                "X-Forwarded-For (usually 1).",
                id="portal.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def discreet_addresses(app_configs, **kwargs):
    """Every text message carries the portal's address and every e-mail its sender: on a lock
    screen, "recovery-portal.org" says as much as the words it replaces."""
    host = urlsplit(settings.PORTAL_BASE_URL).hostname or ""
    found = [
        f"{name} {value!r}"
        for name, value in (
            ("PORTAL_BASE_URL", host),
            ("DEFAULT_FROM_EMAIL", settings.DEFAULT_FROM_EMAIL),
        )
        if REVEALING.search(value.replace("-", " ").replace(".", " "))
    ]
    if found:
        return [
            Warning(
                f"{' and '.join(found)} would tell anyone who sees a lock screen what the "
                "organization does (every text message carries the link, every e-mail its "
                "sender).",
                hint="Serve the portal and send its e-mail from a neutral domain and address.",
                id="portal.W002",
            )
        ]
    return []


# What each attribute of an AppConfig declares (recovery_portal/plugins.py): the class of its
# items, or ``str`` for a list of dotted paths.
DECLARATIONS = {
    "record_tabs": RecordTab,
    "overview_panels": Panel,
    "today_items": Panel,
    "client_home_items": Panel,
    "nav_links": NavLink,
    "record_export_parts": ExportPart,
    "demo_seeders": str,
    "calendar_sources": str,
    "access_enders": AccessEnder,
    "status_notes": str,
    "record_closers": str,
    "status_steps": StatusStep,
    "intake_completed": str,
    "contact_sources": str,
    "client_busy": str,
}


def _url_name_exists(name: str) -> bool:
    """Whether ``name`` ("ns:name", or "ns:*" for a whole namespace) names a URL, whatever
    arguments it takes."""
    *namespaces, view = name.split(":")
    resolver = get_resolver()
    for namespace in namespaces:
        if namespace not in resolver.namespace_dict:
            return False
        resolver = resolver.namespace_dict[namespace][1]
    if view == "*":
        return bool(namespaces)
    return view in resolver.reverse_dict


def _url_problems(item) -> list[str]:
    """What is wrong with the URL names of a declared tab or link: a tab is reversed with the
    client's id as its one argument (clients/frame.py), a link with none (``nav_for``)."""
    problems = []
    args = [1] if isinstance(item, RecordTab) else []
    try:
        reverse(item.url_name, args=args)
    except NoReverseMatch:
        if _url_name_exists(item.url_name):
            problems.append(f"URL {item.url_name!r} does not take {len(args)} argument(s)")
        else:
            problems.append(f"no URL is named {item.url_name!r}")
    if isinstance(item, NavLink):
        problems += [
            f"no URL is named {name!r}" for name in item.also if not _url_name_exists(name)
        ]
    return problems


def _import_problem(path: str) -> str | None:
    try:
        import_string(path)
    except ImportError as exc:
        return f"{path!r} cannot be imported ({exc})"
    return None


def _template_problem(name: str) -> str | None:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return f"template {name!r} does not exist"
    except TemplateSyntaxError as exc:
        return f"template {name!r} does not compile ({exc})"
    return None


def _item_problems(item, kind) -> list[str]:
    if not isinstance(item, kind):
        return [f"{item!r} is not a {kind.__name__}"]
    if kind is str:
        return [p for p in [_import_problem(item)] if p]
    problems = []
    if isinstance(item, RecordTab | NavLink):
        problems += _url_problems(item)
    if isinstance(item, RecordTab) and item.section not in RECORD_SECTIONS:
        problems.append(f"tab {item.key!r} names no known section ({item.section!r})")
    if isinstance(item, Panel) or (isinstance(item, ExportPart) and item.template):
        problems += [p for p in [_template_problem(item.template)] if p]
    if isinstance(item, Panel | ExportPart):
        problems += [p for p in [_import_problem(item.load)] if p]
    if isinstance(item, AccessEnder):
        problems += [p for p in [_import_problem(item.end)] if p]
    if isinstance(item, StatusStep):
        problems += [p for p in [_import_problem(item.offer), _import_problem(item.run)] if p]
    if isinstance(item, ExportPart):
        for label in item.models:
            try:
                apps.get_model(label)
            except (LookupError, ValueError):
                problems.append(f"no model is labelled {label!r}")
    return problems


def _keys(item) -> tuple:
    """What must be unique within one registry: a tab's part names (its key and ``also``, each
    marks one tab current), a link's URL name, a card's or part's key, a dotted path."""
    if isinstance(item, RecordTab):
        return (item.key, *item.also)
    if isinstance(item, NavLink):
        return (item.url_name,)
    return (getattr(item, "key", item),)


def registry_problems(app_configs) -> list[Error]:
    """Every declaration of ``app_configs`` checked as the pages will use it, and each
    registry checked for a key or an order declared twice (across all of ``app_configs``)."""
    errors = []
    for attribute, kind in DECLARATIONS.items():
        keys, orders = {}, {}
        for config in app_configs:
            where = f"{config.label}.{type(config).__name__}.{attribute}"
            for item in getattr(config, attribute, ()):
                errors += [
                    Error(f"{where}: {problem}.", obj=config, id="portal.E101")
                    for problem in _item_problems(item, kind)
                ]
                if kind is not str and not isinstance(item, kind):
                    continue
                for key in _keys(item):
                    if key in keys:
                        errors.append(
                            Error(
                                f"{where}: {key!r} is declared twice in {attribute} (also by "
                                f"{keys[key]}).",
                                obj=config,
                                id="portal.E102",
                            )
                        )
                    keys.setdefault(key, config.label)
                order = getattr(item, "order", None)
                if order is None:
                    continue
                if order in orders:
                    errors.append(
                        Error(
                            f"{where}: order {order} is used twice in {attribute} (also by "
                            f"{orders[order]}): which comes first would depend on "
                            "INSTALLED_APPS and declaration order, not on a choice.",
                            hint="Give each item its own order (ranges: recovery_portal/"
                            "plugins.py).",
                            obj=config,
                            id="portal.E103",
                        )
                    )
                orders.setdefault(order, f"{config.label} {_keys(item)[0]!r}")
    return errors


@register()
def plugin_declarations(app_configs, **kwargs):
    """What the apps declare for the shared pages (``recovery_portal/plugins.py``) holds: every
    dotted path imports, every URL name reverses, every template loads, and no registry has a
    key or an order twice. Otherwise the first page to use a broken one would fail."""
    return registry_problems(apps.get_app_configs())
