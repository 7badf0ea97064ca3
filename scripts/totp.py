"""Print the current TOTP code for the demo staff accounts (or any base32 secret given)."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery_portal.settings")
os.environ.setdefault("DEBUG", "true")
import django  # noqa: E402

django.setup()

# allauth's models need the settings first.
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value  # noqa: E402

secret = (
    sys.argv[1] if len(sys.argv) > 1 else os.environ.get("DEMO_TOTP_SECRET", "JBSWY3DPEHPK3PXP")
)
now = time.time()
print(
    format_hotp_value(hotp_value(secret, int(now) // 30)),
    f"(valid for {30 - int(now) % 30} more seconds)",
)
