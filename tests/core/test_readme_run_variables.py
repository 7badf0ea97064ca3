"""The README names every environment variable the run command reads (issue 18, item 9):
``scripts/run``, the ``scripts/_venv.sh`` it sources and the ``Procfile.dev`` it starts."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READ_BY_RUN = ("scripts/run", "scripts/_venv.sh", "Procfile.dev")


def test_the_readme_names_every_variable_the_run_command_reads():
    read = set()
    for name in READ_BY_RUN:
        text = (ROOT / name).read_text()
        # A variable the script sets itself (EXTRAS="${1:-}") is not read from the environment;
        # one it defaults (PORTAL_PORT="${PORTAL_PORT:-8000}") is.
        own = {
            var
            for var, value in re.findall(r"^\s*(?:export )?([A-Z][A-Z0-9_]*)=(.*)$", text, re.M)
            if f"${{{var}" not in value
        }
        read |= set(re.findall(r"\$\{([A-Z][A-Z0-9_]+)", text)) - own - {"BASH_SOURCE"}
    assert {"PORTAL_PORT", "DATABASE_URL", "CELERY_BROKER_URL"} <= read
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## The two commands") : readme.index("## Demo logins")]
    missing = sorted(v for v in read if f"`{v}`" not in section)
    assert missing == [], f"README's run section does not name {missing}"
