"""Reading an uploaded HSDS file safely, before any record is looked at.

The field mapping lives in ``casework.hsds`` and ``casework.services.resource``; this module
holds the mechanics around it, each limit refused in plain words before the JSON is parsed:

1. ``MAX_IMPORT_BYTES``: checked as the upload streams in (``recovery_portal.uploads``).
2. ``prescan(text)``: one pass over the file's structure (strings skipped whole) that refuses
   nesting deeper than ``MAX_IMPORT_DEPTH`` and more than ``MAX_IMPORT_ROWS`` records, and
   notes the line each record starts on, so a refusal can say where to look.
3. ``parse(text)``: ``json.loads`` refusing ``NaN``, ``Infinity``, numbers too large to be a
   number and integers of thousands of digits, which JSON allows to be written but HSDS never
   means.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field

from casework.hsds import HsdsFileError

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 30_000
# The spec's richest example (an organization with its services) nests 12 deep; a list of
# them inside an API page, 14.
MAX_IMPORT_DEPTH = 20

IMPORT_TOO_LARGE = "This file is larger than 5 MB. Nothing was imported."
NOT_JSON = "This file is not JSON. Nothing was imported."
NOT_JSON_AT = "This file is not JSON: at line {line}, column {column}, {why}. Nothing was imported."
NOT_UTF8_AT = (
    "This file is not JSON: at line {line} it holds bytes that are not UTF-8 text. "
    "Nothing was imported."
)
# What Python's JSON reader says, in plainer words (anything else is quoted as it is).
_JSON_WORDS = {
    "Expecting value": "a value is missing or misspelt",
    "Expecting ',' delimiter": "a comma is missing",
    "Expecting ':' delimiter": "a colon is missing",
    "Expecting property name enclosed in double quotes": (
        "a name must be in double quotes (or a comma is one too many)"
    ),
    "Unterminated string starting at": "a text is not closed by its double quote",
    "Extra data": "something follows the end of the document",
    "Invalid control character at": "a line break or control character sits inside a text",
    "Invalid \\escape": "a backslash escape is not valid",
    "Invalid \\uXXXX escape": "a backslash escape is not valid",
}
TOO_DEEP = (
    f"This file nests lists and objects more than {MAX_IMPORT_DEPTH} deep (line {{line}}); "
    "HSDS files never do. Nothing was imported."
)
TOO_MANY = (
    f"This file holds more than {MAX_IMPORT_ROWS:,} records; split it into smaller files. "
    "Nothing was imported."
)

# A JSON string (escapes included) or one structural character; nothing else matters here.
_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[\[\]{}:,\n]')


@dataclass
class FileShape:
    """What the pre-scan learnt: how many records, and the line where each object of the
    first levels starts, by its path in the document (``(3,)``, ``("contents", 3)``,
    ``(0, "services", 2)``)."""

    rows: int = 0
    lines: dict[tuple, int] = field(default_factory=dict)

    def line_of(self, path: tuple) -> int | None:
        return self.lines.get(tuple(path))


def _is_record(path: tuple) -> bool:
    """Where ``casework.hsds.read_file`` finds records: the document, its list (or an API
    page's ``contents``) and an organization's ``services``."""
    rest = path[1:] if path[:1] == ("contents",) else path
    if rest and isinstance(rest[0], int):
        rest = rest[1:]
    return rest == () or (len(rest) == 2 and rest[0] == "services" and isinstance(rest[1], int))


def prescan(text: str) -> FileShape:
    """Refuse a file too deep or with too many records (``HsdsFileError``), before parsing."""
    shape = FileShape()
    line, stack, key = 1, [], ""  # stack: [kind, key (a raw JSON string) or index] per level
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token[0] == '"':
            key = token
        elif token == "\n":
            line += 1
        elif token == ":":
            if stack:
                stack[-1][1] = key
        elif token == ",":
            if stack and stack[-1][0] == "[":
                stack[-1][1] += 1
        elif token in "[{":
            if len(stack) >= MAX_IMPORT_DEPTH:
                raise HsdsFileError(TOO_DEEP.format(line=line))
            if token == "{" and len(stack) <= 4:
                _note_object(shape, stack, line)
            stack.append([token, 0 if token == "[" else ""])
        elif stack:
            stack.pop()
    return shape


def _note_object(shape: FileShape, stack: list, line: int) -> None:
    """Note where an object of the first levels starts, and count it if it is a record."""
    path = tuple(json.loads(part) if isinstance(part, str) else part for _, part in stack)
    shape.lines[path] = line
    if _is_record(path):
        shape.rows += 1
        if shape.rows > MAX_IMPORT_ROWS:
            raise HsdsFileError(TOO_MANY)


def _refuse_constant(name: str):
    raise HsdsFileError(
        f"The file holds the number {name}, which HSDS does not allow. Nothing was imported."
    )


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        _refuse_constant(text)
    return value


NUL_REFUSED = (
    "This file holds a NUL character (\\u0000), which no field of a directory may hold. "
    "Nothing was imported."
)


def parse(text: str):
    """The document, or ``HsdsFileError`` in plain words (never a ValueError of Python's). A
    NUL character, written or escaped, is refused before anything is read: PostgreSQL can store
    it in no text, so it would fail the import half-way, or the record of a refusal."""
    if "\x00" in text or "\\u0000" in text:
        raise HsdsFileError(NUL_REFUSED)
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite)
    except HsdsFileError:
        raise
    except json.JSONDecodeError as error:
        why = _JSON_WORDS.get(error.msg, error.msg)
        raise HsdsFileError(NOT_JSON_AT.format(line=error.lineno, column=error.colno, why=why))
    except (ValueError, RecursionError):
        # JSONDecodeError, and an integer of more digits than Python converts.
        raise HsdsFileError(NOT_JSON) from None


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise HsdsFileError(NOT_UTF8_AT.format(line=line)) from None
