"""Logs without health data.

A query string can hold a client search ("?q=Jamie+Rivera&dob=1980-01-01"), and a path can hold
a secret (the one-click link of a reminder e-mail, a password-reset key, an invitation). Access
logs are kept for months and read by people who may not see records, so:

- ``PrivacyLogger`` is gunicorn's access logger (``gunicorn.conf.py``, used by the Procfile)
  with every path-, URL- and cookie-bearing atom masked;
- ``MaskPathsFilter`` does the same to Django's own request log ("Not Found: /path").
"""

from __future__ import annotations

import logging
import re
import urllib.parse

from gunicorn.glogging import Logger

# A path segment that is a secret rather than a name: long and with a digit in it, or very long.
# Record ids (short numbers) and slugs (words) stay readable.
_TOKEN_SEGMENT = re.compile(r"^(?=.*\d)[^/]{16,}$|^[^/]{32,}$")
MASK = "[token]"


def mask_path(url: str) -> str:
    """``url`` (a path or a full URL) without its query string and fragment, with secret-looking
    path segments replaced by ``[token]``."""
    if not url or url == "-":
        return url
    parts = urllib.parse.urlsplit(url)
    segments = [MASK if _TOKEN_SEGMENT.match(s) else s for s in parts.path.split("/")]
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/".join(segments), "", ""))


# Atoms (request headers "{name}i", response headers "{name}o", environ "{name}e") that carry a
# URL, or a credential, whatever the access_log_format asks for.
_URL_ATOMS = {
    "{referer}i",
    "{location}o",
    "{http_referer}e",
    "{raw_uri}e",
    "{path_info}e",
    "{request_uri}e",
}
_DROPPED_ATOMS = {
    "{cookie}i",
    "{authorization}i",
    "{set-cookie}o",
    "{http_cookie}e",
    "{http_authorization}e",
    "{query_string}e",
}


class PrivacyLogger(Logger):
    """gunicorn's logger, with paths masked in every access-log atom."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = mask_path(environ.get("PATH_INFO") or "")
        atoms["U"] = path
        atoms["q"] = ""
        atoms["r"] = f"{atoms['m']} {path} {atoms['H']}"
        atoms["f"] = mask_path(atoms["f"])
        for key in _URL_ATOMS & atoms.keys():
            atoms[key] = mask_path(str(atoms[key]))
        for key in _DROPPED_ATOMS & atoms.keys():
            atoms[key] = "-"
        return atoms


_REQUEST_LINE = re.compile(r"^([A-Z]+) (\S+)( HTTP/[\d.]+)$")


def _mask_argument(value):
    if not isinstance(value, str):
        return value
    if value.startswith("/"):  # django.request: "Not Found: %s"
        return mask_path(value)
    line = _REQUEST_LINE.match(value)  # django.server (runserver): '"%s" %s %s'
    if line:
        return f"{line[1]} {mask_path(line[2])}{line[3]}"
    return value


class MaskPathsFilter(logging.Filter):
    """Mask paths in the arguments of Django's request and development-server log records."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_mask_argument(a) for a in record.args)
        return True
