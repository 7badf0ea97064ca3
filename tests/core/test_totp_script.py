"""The README's `scripts/totp.py` prints the demo staff's current two-step code, run on its own
(no settings in the environment), as the README says."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

ROOT = Path(__file__).resolve().parents[2]


def test_the_totp_script_prints_the_current_code_without_any_settings_in_the_environment():
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}}
    before = int(time.time()) // 30
    out = subprocess.run(
        [sys.executable, "scripts/totp.py", "JBSWY3DPEHPK3PXP"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    after = int(time.time()) // 30
    code = re.match(r"(\d{6}) \(valid for \d+ more seconds\)", out).group(1)
    expected = {format_hotp_value(hotp_value("JBSWY3DPEHPK3PXP", step)) for step in {before, after}}
    assert code in expected
