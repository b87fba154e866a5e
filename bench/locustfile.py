"""The realistic mix at a fixed arrival rate: caseworkers, supervisors and coordinators of a generated country
reading lists, filters, searches, case tabs and the API, and writing incidents, notes, assessments and new cases.
How to run it: bench/load.py. Each user sends LOAD_RATE requests a second (default 1), so the arrival rate is
users × LOAD_RATE whatever the server's speed; /healthz is the framework's floor.

Besides locust's statistics, the median server time and SQL time of each page (Server-Timing, with
CONCORD_SERVER_TIMING=1 on the server) are written to LOAD_TIMINGS when locust stops.
"""

from __future__ import annotations

import csv
import datetime
import itertools
import json
import os
import random
import re
import statistics

from locust import HttpUser, constant_throughput, events, task

DATA = json.load(open(os.environ["LOAD_USERS"]))  # noqa: SIM115 - bench/load.py prepare wrote it
RATE = float(os.environ.get("LOAD_RATE", "1"))
ROLES = {
    role: [user for user in DATA["users"] if user["role"] == role]
    for role in ("caseworker", "supervisor", "coordinator")
}
_next = {role: itertools.cycle(users) for role, users in ROLES.items() if users}
TIMING = re.compile(r"app;dur=([\d.]+), db;dur=([\d.]+)")
TABS = ("", "people/", "incidents/", "risk/", "notes/", "timeline/")


TIMINGS: dict[str, list[tuple[float, float]]] = {}


@events.request.add_listener
def server_timing(request_type, name, response, exception, **kwargs):
    found = TIMING.search(response.headers.get("Server-Timing", "")) if response is not None and not exception else None
    if found:
        TIMINGS.setdefault(name, []).append((float(found.group(1)), float(found.group(2))))


@events.quitting.add_listener
def write_timings(environment, **kwargs):
    """Per page, the median server time and SQL time the server reported, beside locust's own CSV files."""
    with open(os.environ.get("LOAD_TIMINGS", "load_timings.csv"), "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["name", "server_p50", "sql_p50"])
        for name, pairs in sorted(TIMINGS.items()):
            writer.writerow([name, statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)])


class Staff(HttpUser):
    abstract = True
    role = "caseworker"
    wait_time = constant_throughput(RATE)

    def on_start(self) -> None:
        self.me = next(_next[self.role])
        self.client.get("/accounts/login/", name="login")
        token = self.client.cookies.get("csrftoken")
        self.client.post(
            "/accounts/login/",
            {"login": self.me["email"], "password": DATA["password"], "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/accounts/login/"},
            name="login",
        )
        self.csrf = self.client.cookies.get("csrftoken")

    def case(self) -> dict:
        return random.choice(self.me["cases"])

    def post_json(self, url: str, body: dict, name: str) -> None:
        self.client.post(url, json=body, headers={"X-CSRFToken": self.csrf, "Referer": self.host + "/"}, name=name)

    @task(10)
    def case_list(self) -> None:
        self.client.get("/cases/", name="list")

    @task(3)
    def case_list_filtered(self) -> None:
        query = random.choice(["status=active", "risk_level=3", "reassessment=due_or_overdue", "status=open"])
        self.client.get(f"/cases/?{query}", name="list, filtered")

    @task(2)
    def case_list_later_page(self) -> None:
        self.client.get(f"/cases/?page={random.randint(2, 20)}", name="list, later page")

    @task(3)
    def search(self) -> None:
        self.client.post(
            "/cases/",
            {"q": self.case()["number"], "csrfmiddlewaretoken": self.csrf},
            headers={"Referer": self.host + "/cases/"},
            name="search by number",
        )

    @task(12)
    def case_page(self) -> None:
        tab = random.choice(TABS)
        self.client.get(f"/cases/{self.case()['id']}/{tab}", name=f"case {tab.rstrip('/') or 'overview'}")

    @task(5)
    def home(self) -> None:
        self.client.get("/", name="home")

    @task(2)
    def work(self) -> None:
        self.client.get("/work/", name="work")

    @task(3)
    def api_reads(self) -> None:
        url, name = random.choice(
            [
                ("/api/v1/cases/", "api cases"),
                (f"/api/v1/cases/{self.case()['id']}/", "api case"),
                ("/api/v1/incidents/", "api incidents"),
                ("/api/v1/risk-assessments/", "api assessments"),
            ]
        )
        self.client.get(url, name=name)

    @task(1)
    def floor(self) -> None:
        self.client.get("/healthz", name="floor (/healthz)")


class Caseworker(Staff):
    weight = 60
    role = "caseworker"

    @task(1)
    def new_incident(self) -> None:
        case = self.case()
        now = datetime.datetime.now(datetime.UTC)
        self.post_json(
            "/api/v1/incidents/",
            {
                "case": case["id"],
                "occurred_at": (now - datetime.timedelta(days=2)).isoformat(),
                "reported_at": now.isoformat(),
                "place_type": "shared_home",
                "territory": self.me["district"],
                "acts": ["hitting", "threats"],
                "injury": "minor",
                "weapon": "none",
                "reporting_agency": self.me["agency"],
                "perpetrators": [case["perpetrator"]] if case["perpetrator"] else [],
                "narrative": "Load test: invented.",
            },
            "api new incident",
        )

    @task(1)
    def new_note(self) -> None:
        self.post_json("/api/v1/notes/", {"case": self.case()["id"], "text": "Load test note."}, "api new note")

    @task(1)
    def new_assessment(self) -> None:
        if not self.me["instrument"]:
            return
        case = self.case()
        answers = {code: random.choice(["no", "no", "yes", "unknown"]) for code in self.me["items"]}
        self.post_json(
            "/api/v1/risk-assessments/",
            {
                "case": case["id"],
                "instrument": self.me["instrument"],
                "source": "interview",
                "perpetrator": case["perpetrator"],
                "answers": answers,
                "lowering_reason": "Load test: the situation has eased since the last visit.",
            },
            "api new assessment",
        )

    @task(1)
    def intake(self) -> None:
        self.post_json(
            "/api/v1/cases/",
            {
                "territory": self.me["district"],
                "survivor": {"given_name": "Load", "family_name": f"Test {random.randint(1, 10**9)}", "sex": "female"},
            },
            "api new case",
        )


class Supervisor(Staff):
    weight = 25
    role = "supervisor"

    @task(2)
    def caseload(self) -> None:
        self.client.get("/cases/caseload/", name="caseload")


class Coordinator(Staff):
    weight = 15
    role = "coordinator"

    @task(2)
    def caseload(self) -> None:
        self.client.get("/cases/caseload/", name="caseload")
