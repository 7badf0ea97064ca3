"""A test-only e-mail backend that records every message it is given, across processes.

Each message becomes one JSON line (the reminder id, the address, the subject) appended to the
file named by REMINDER_TEST_OUTBOX, under an exclusive lock, so tests can count real sends made
by any number of worker processes. REMINDER_TEST_SEND_DELAY (seconds) slows each send, so a
test can kill a worker in the middle of a batch.
"""

import fcntl
import json
import os
import time

from django.core.mail.backends.base import BaseEmailBackend


class RecordingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        delay = float(os.environ.get("REMINDER_TEST_SEND_DELAY", "0"))
        path = os.environ["REMINDER_TEST_OUTBOX"]
        for message in email_messages:
            if delay:
                time.sleep(delay)
            line = json.dumps(
                {
                    "id": int(message.extra_headers["X-Reminder-Id"]),
                    "to": message.to[0],
                    "subject": message.subject,
                    "pid": os.getpid(),
                }
            )
            with open(path, "a", encoding="utf-8") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                handle.write(line + "\n")
                handle.flush()
        return len(email_messages)


def read_outbox(path) -> list[dict]:
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
