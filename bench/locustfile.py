"""Locust scenario of casework pages (bench/casework_load.py runs it; see bench/README.md).

Case managers open Today, their caseload and their clients' plans: half of them keep 500
clients, half 20, named apart so their response times compare. Clients open My plan and My
appointments. A probe hits /healthz?scope=web,
the trivial view every other figure is measured against. Everyone is signed in through a
session made beforehand (``BENCH_SESSIONS``, a JSON file written by casework_load.py): the
log-in and TOTP pages are not what is measured.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, task

SESSIONS = json.loads(open(os.environ["BENCH_SESSIONS"]).read())  # noqa: SIM115
_cycles = {kind: itertools.cycle(keys) for kind, keys in SESSIONS.items()}


class _SignedIn(HttpUser):
    abstract = True
    kind = ""
    wait_time = between(0.5, 1.5)

    def on_start(self):
        self.client.cookies.set("sessionid", next(_cycles[self.kind]))
        self.records = []

    def open_a_plan(self, name: str):
        """The plan of one of this case manager's clients (found on their caseload page)."""
        if not self.records:
            page = self.client.get("/caseload/", name="Caseload (to find clients)").text
            self.records = re.findall(r'href="/clients/(\d+)/"', page) or ["0"]
        self.client.get(f"/clients/{random.choice(self.records)}/plan/", name=name)


class LargeCaseloadManager(_SignedIn):
    kind = "large"

    @task(3)
    def today(self):
        self.client.get("/today/", name="Today, 500 clients")

    @task(1)
    def caseload(self):
        self.client.get("/caseload/?sort=next", name="Caseload, 500 clients")

    @task(2)
    def plan(self):
        self.open_a_plan("A client's plan, 500 clients")


class SmallCaseloadManager(_SignedIn):
    kind = "small"

    @task(3)
    def today(self):
        self.client.get("/today/", name="Today, 20 clients")

    @task(1)
    def caseload(self):
        self.client.get("/caseload/?sort=next", name="Caseload, 20 clients")

    @task(2)
    def plan(self):
        self.open_a_plan("A client's plan, 20 clients")


class ClientVisitor(_SignedIn):
    kind = "client"

    @task
    def my_appointments(self):
        self.client.get("/my/appointments/", name="My appointments")

    @task
    def my_plan(self):
        self.client.get("/my/plan/", name="My plan")


class Probe(HttpUser):
    wait_time = between(0.5, 1.5)

    @task
    def healthz(self):
        self.client.get("/healthz?scope=web", name="healthz (yardstick)")
