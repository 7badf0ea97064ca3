"""The README's run command keeps everything in SQLite and a file-system broker. PostgreSQL
features must not leak into pages there: seed the demo in that mode, in a subprocess, and open
every page each demo persona's menu offers and every tab of the demo client's record."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_demo_page_answers_in_the_embedded_sqlite_mode(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DEBUG="true",
        VAR_DIR=str(tmp_path),
        MEDIA_ROOT=str(tmp_path / "media"),
        ALLOWED_HOSTS="testserver,localhost,127.0.0.1",
        DJANGO_SETTINGS_MODULE="recovery_portal.settings",
    )

    def run(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
        return done.stdout

    run("manage.py", "migrate", "--no-input", "-v", "0")
    run("manage.py", "seed_demo")
    assert (tmp_path / "portal.sqlite3").exists()  # it really ran on SQLite
    report = json.loads(run("tests/embedded_crawl.py").strip().splitlines()[-1])
    assert len(report["opened"]) > 40
    assert report["errors"] == []
    # The directory's search on SQLite (parts of words): keywords, names, categories.
    found = report["searches"]
    assert found["sober"] == ["Peer recovery community", "Recovery residence placement"]
    assert found["food pantry"] == ["Emergency food box", "Weekly groceries"]
    assert found["Narcan"] == ["Naloxone and test strips"]
    assert "Expungement clinic" in found["Legal"] and "Tenant rights help" in found["Legal"]
