"""An independent check of FHIR R4 resources: every invariant (``constraint``) of R4's own
StructureDefinitions, evaluated with ``fhirpathpy`` on each element the resource carries, down
through backbone elements, datatypes and the resources inside a Bundle.

The definitions are vendored in ``r4-structure.json`` (``extract_r4.py`` says how; LICENSE.md
their licence). Nothing here knows the portal's code: it reads JSON and the specification.

Also an unknown element (a key the definition does not have), a missing required element
(``min`` 1) and a repeating element sent as a single value are reported, since a receiving
validator refuses them too.
"""

from __future__ import annotations

import copy
import functools
import json
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from fhirpathpy import apply_parsed_path
from fhirpathpy.engine.nodes import ResourceNode
from fhirpathpy.models import models
from fhirpathpy.parser import parse

STRUCTURES = Path(__file__).resolve().with_name("r4-structure.json")
_MODEL = models["r4"]

# Constraints fhirpathpy cannot evaluate, each with why; every other constraint is evaluated.
SKIPPED = {
    "txt-1": "htmlChecks() is a validator-specific function fhirpathpy does not implement; "
    "narrative_problems() checks the XHTML instead",
    "txt-2": "htmlChecks() as above; narrative_problems() checks the div has content",
    "dom-3": "fhirpathpy raises 'Expected singleton on left side of as' on its "
    "descendants().as(canonical) once a resource has contained resources (and holds "
    "trivially without them); the portal never sends contained resources, and dom-2, dom-4 "
    "and dom-5 on contained are still evaluated",
}


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" or "warning", as the specification grades the constraint
    key: str  # the constraint's key (gol-1), or "structure" for unknown/missing elements
    where: str  # where in the document: Bundle.entry[2].resource(Goal).target[0]
    human: str

    def __str__(self) -> str:
        return f"{self.severity} {self.key} at {self.where}: {self.human}"


@functools.cache
def _structures() -> dict:
    return json.loads(STRUCTURES.read_text())


@functools.cache
def _elements(type_name: str) -> dict[str, dict]:
    return {e["path"]: e for e in _structures()[type_name]["elements"]}


def _type_suffix(code: str) -> str:
    return code[0].upper() + code[1:]


def _child(elements: dict, path: str, key: str) -> tuple[str, dict, str | None] | None:
    """(element path, element, type code) of the JSON key ``key`` under ``path``."""
    if f"{path}.{key}" in elements:
        element = elements[f"{path}.{key}"]
        types = element.get("types") or [None]
        return f"{path}.{key}", element, types[0]
    for candidate, element in elements.items():
        if not candidate.startswith(f"{path}.") or not candidate.endswith("[x]"):
            continue
        stem = candidate[len(path) + 1 : -3]
        if "." in stem or not key.startswith(stem):
            continue
        for code in element.get("types", []):
            if key == stem + _type_suffix(code):
                return candidate, element, code
    return None


def _quiet(*_args) -> None:
    """trace() in an invariant (ref-1, dom-3) prints nothing here."""


def _has_value(inputs: list) -> list[bool]:
    """FHIR's hasValue() (R4 §2.24 "FHIRPath in FHIR", which fhirpathpy leaves out): a single
    primitive that has a value. ele-1 and bdl-10 use it."""
    return [len(inputs) == 1 and not isinstance(inputs[0], dict | list) and inputs[0] is not None]


_OPTIONS = {"traceFn": _quiet, "userInvocationTable": {"hasValue": {"fn": _has_value}}}


@functools.cache
def _parsed(expression: str) -> dict:
    return parse(expression)


def _holds(node, base: str, expression: str, resource: dict) -> bool:
    result = apply_parsed_path(
        ResourceNode.create_node(node, base),
        _parsed(expression),
        {"resource": resource, "rootResource": resource},
        _MODEL,
        _OPTIONS,
    )
    return result == [True] or result == []


class _Walk:
    def __init__(self):
        self.findings: list[Finding] = []
        self.evaluated: set[str] = set()

    def add(self, severity, key, where, human):
        self.findings.append(Finding(severity, key, where, human))

    def check(self, element: dict, node, base: str, resource: dict, where: str) -> None:
        for constraint in element.get("constraints", []):
            key = constraint["key"]
            if key in SKIPPED:
                continue
            try:
                holds = _holds(node, base, constraint["expression"], resource)
            except Exception as error:  # noqa: BLE001 - reported, so never silently skipped
                self.add("error", key, where, f"not evaluable by fhirpathpy: {error}")
                continue
            self.evaluated.add(key)
            if not holds:
                self.add(constraint["severity"], key, where, constraint["human"])

    def resource(self, resource: dict, where: str) -> None:
        type_name = resource.get("resourceType")
        if type_name not in _structures():
            self.add("error", "structure", where, f"no definition of {type_name!r} vendored")
            return
        elements = _elements(type_name)
        self.check(elements[type_name], resource, type_name, resource, where)
        self.children(resource, elements, type_name, resource, where)

    def children(self, node: dict, elements: dict, path: str, resource: dict, where) -> None:
        present = {(_child(elements, path, key) or ("",))[0] for key in node}
        for child_path, element in elements.items():
            parent = child_path.rsplit(".", 1)[0]
            if parent == path and element["min"] > 0 and child_path not in present:
                self.add("error", "structure", where, f"{child_path} is required")
        for key, value in node.items():
            if key == "resourceType" or key.startswith("_"):
                continue
            found = _child(elements, path, key)
            if found is None:
                self.add("error", "structure", f"{where}.{key}", f"{path} has no element {key}")
                continue
            child_path, element, code = found
            many = element["max"] != "1"
            if many != isinstance(value, list):
                self.add("error", "structure", f"{where}.{key}", "wrong cardinality form")
                continue
            for index, item in enumerate(value if many else [value]):
                here = f"{where}.{key}[{index}]" if many else f"{where}.{key}"
                self.item(item, elements, child_path, element, code, resource, here)

    def item(self, item, elements, child_path, element, code, resource, where) -> None:
        base = child_path.replace("[x]", "")
        if element.get("contentReference"):
            child_path = element["contentReference"].lstrip("#")
            element = {**elements[child_path], "constraints": element.get("constraints", [])}
            code = "BackboneElement"
        self.check(element, item, code if code and code[0].islower() else base, resource, where)
        if code == "Resource":
            self.resource(item, f"{where}({item.get('resourceType')})")
        elif code in ("BackboneElement", "Element") and isinstance(item, dict):
            self.children(item, elements, child_path, resource, where)
        elif code in _structures() and isinstance(item, dict):
            datatype = _elements(code)
            self.check(datatype[code], item, code, resource, where)
            self.children(item, datatype, code, resource, where)


def validate(resource: dict) -> tuple[list[Finding], set[str]]:
    """Every finding on ``resource`` (a Bundle or any vendored resource), and the keys of the
    constraints that were evaluated (to show the validator did look)."""
    walk = _Walk()
    walk.resource(copy.deepcopy(resource), resource.get("resourceType", "?"))
    return walk.findings, walk.evaluated


def empty_values(node, where: str = "") -> list[str]:
    """FHIR JSON's rule beside ele-1: no element is empty (no empty string, object or list, no
    null), which fhirpathpy cannot see once the JSON is read."""
    if node in ("", None, [], {}):
        return [f"{where or 'the resource'} is empty (ele-1)"]
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in empty_values(v, f"{where}.{k}")]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in empty_values(v, f"{where}[{i}]")]
    return []


def narrative_problems(resource: dict, where: str = "") -> list[str]:
    """txt-1 and txt-2 where fhirpathpy cannot: each ``text.div`` is well-formed XHTML, a
    ``div`` in the XHTML namespace, with no script, form, style or event attributes, and has
    content."""
    problems = []
    for key, value in resource.items():
        here = f"{where}.{key}"
        if key == "text" and isinstance(value, dict) and "div" in value:
            problems += _div_problems(value["div"], here)
        elif isinstance(value, dict):
            problems += narrative_problems(value, here)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    problems += narrative_problems(item, f"{here}[{index}]")
    return problems


def _div_problems(div: str, where: str) -> list[str]:
    try:
        root = ElementTree.fromstring(div)
    except ElementTree.ParseError as error:
        return [f"{where}.div is not well-formed XHTML (txt-1): {error}"]
    problems = []
    if root.tag != "{http://www.w3.org/1999/xhtml}div":
        problems.append(f"{where}.div is not an XHTML div (txt-1)")
    banned = {"script", "form", "style", "iframe", "object", "embed", "base", "link", "meta"}
    for node in root.iter():
        if node.tag.rsplit("}", 1)[-1] in banned:
            problems.append(f"{where}.div holds a {node.tag} (txt-1)")
        problems += [f"{where}.div has {a} (txt-1)" for a in node.attrib if a.startswith("on")]
    if not "".join(root.itertext()).strip():
        problems.append(f"{where}.div has no content (txt-2)")
    return problems


def errors(resource: dict) -> list[str]:
    """Every error: the evaluated invariants, then ele-1 and the narrative checks."""
    found = [str(f) for f in validate(resource)[0] if f.severity == "error"]
    return found + empty_values(resource) + narrative_problems(resource)
