"""The repository stands on its own: no tracked file (code, templates, docs, the README) points
to a file it does not hold: notes kept beside it while it was written (a design, style or stack
note, a shared folder) or a folder on a development machine."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Joined here so that this file does not name them itself.
OUTSIDE = [
    "../" + "shared",
    "/work/" + "shared",
    "DESIGN" + ".md",
    "STYLE" + ".md",
    "STACK-NOTES" + ".md",
]
# Third-party files, copied as they are.
VENDORED = ("static/vendor/",)


def _tracked_text_files():
    names = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, text=True
    ).stdout.split("\0")
    for name in filter(None, names):
        path = ROOT / name
        if name.startswith(VENDORED) or not path.is_file():
            continue
        data = path.read_bytes()
        if b"\0" in data:  # binary
            continue
        yield name, data.decode("utf-8", errors="replace")


def test_no_tracked_file_points_outside_the_repository():
    found = [
        f"{name}:{number}: {needle}"
        for name, text in _tracked_text_files()
        for number, line in enumerate(text.splitlines(), 1)
        for needle in OUTSIDE
        if needle in line
    ]
    assert not found, "References to files the repository does not hold:\n" + "\n".join(found)
