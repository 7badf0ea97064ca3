"""Locust scenario of casework pages (bench/casework_load.py runs it; see bench/README.md).

Case managers open Today and their caseload: half of them keep 500 clients, half 20, named
apart so their response times compare. Clients open My appointments. A probe hits /healthz,
the trivial view every other figure is measured against. Everyone is signed in through a
session made beforehand (``BENCH_SESSIONS``, a JSON file written by casework_load.py): the
log-in and TOTP pages are not what is measured.
"""

from __future__ import annotations

import itertools
import json
import os

from locust import HttpUser, between, task

SESSIONS = json.loads(open(os.environ["BENCH_SESSIONS"]).read())  # noqa: SIM115
_cycles = {kind: itertools.cycle(keys) for kind, keys in SESSIONS.items()}


class _SignedIn(HttpUser):
    abstract = True
    kind = ""
    wait_time = between(0.5, 1.5)

    def on_start(self):
        self.client.cookies.set("sessionid", next(_cycles[self.kind]))


class LargeCaseloadManager(_SignedIn):
    kind = "large"

    @task(3)
    def today(self):
        self.client.get("/today/", name="Today, 500 clients")

    @task(1)
    def caseload(self):
        self.client.get("/caseload/?sort=next", name="Caseload, 500 clients")


class SmallCaseloadManager(_SignedIn):
    kind = "small"

    @task(3)
    def today(self):
        self.client.get("/today/", name="Today, 20 clients")

    @task(1)
    def caseload(self):
        self.client.get("/caseload/?sort=next", name="Caseload, 20 clients")


class ClientVisitor(_SignedIn):
    kind = "client"

    @task
    def my_appointments(self):
        self.client.get("/my/appointments/", name="My appointments")


class Probe(HttpUser):
    wait_time = between(0.5, 1.5)

    @task
    def healthz(self):
        self.client.get("/healthz", name="healthz (yardstick)")
