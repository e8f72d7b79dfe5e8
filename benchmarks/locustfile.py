"""The simulated visitors for `make bench-scale` and `make soak` (run by benchmarks/harness.py, not by hand).

BENCH_DATA names a JSON file: {"search_paths": ["/search?q=…", …], "service_ids": [...],
"accounts": [{"email": …, "password": …}]}.

- SearchVisitor: /search with the benchmark's fixed query mix, back to back.
- ServicePageVisitor: /services/<id> for random published services, back to back.
- SoakVisitor: searches, service pages, signing in and out (a real POST with the form's CSRF token) and
  reporting a problem with a listing, with a pause of 0.5-1.5 s between actions.

Rate limits stay as in production. The soak's server trusts one proxy (TRUSTED_PROXIES=1) and each visitor sends
its own address in X-Forwarded-For, as visitors reach a real deployment through its reverse proxy; a visitor who
signs in or sends a report comes back as a new visitor (a new address) next time, so the per-address limits
(sign-in 10 a minute, reports 5 an hour) apply to each simulated person, never to the whole load test at once.
"""
from __future__ import annotations

import itertools
import json
import os
import random
import re

from locust import FastHttpUser, between, task

with open(os.environ["BENCH_DATA"]) as fh:
    DATA = json.load(fh)

SEARCH_PATHS = DATA.get("search_paths") or ["/search?q=autism"]
SERVICE_IDS = DATA.get("service_ids") or []
ACCOUNTS = DATA.get("accounts") or []
# How often each soak action comes up: DATA["weights"] (soak.py's SOAK_WEIGHTS) over these.
SOAK_WEIGHTS = {"search": 6, "service_page": 4, "sign_in_and_out": 1, "report_a_problem": 1, **DATA.get("weights", {})}
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_addresses = itertools.count(1)


def new_address() -> str:
    """A made-up visitor address (10.0.0.0/8 is private: it can never be anyone real)."""
    n = next(_addresses) + os.getpid() % 64 * 2**18
    return f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"


def csrf_token(text: str) -> str | None:
    found = CSRF.search(text or "")
    return found.group(1) if found else None


class SearchVisitor(FastHttpUser):
    def on_start(self):
        self.headers = {"X-Forwarded-For": new_address()}

    @task
    def search(self):
        self.client.get(random.choice(SEARCH_PATHS), name="/search", headers=self.headers)


class ServicePageVisitor(FastHttpUser):
    def on_start(self):
        self.headers = {"X-Forwarded-For": new_address()}

    @task
    def service_page(self):
        self.client.get(f"/services/{random.choice(SERVICE_IDS)}", name="/services/<id>", headers=self.headers)


class SoakVisitor(FastHttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self):
        self.new_visitor()
        # Each visitor goes through every weighted action once before the weighted choice takes over, so even a
        # run of a few seconds exercises (and counts) them all.
        for action in dict.fromkeys(self.tasks):  # locust expands the weights into repeats
            action(self)

    def new_visitor(self):
        self.headers = {"X-Forwarded-For": new_address()}
        self.client.cookiejar.clear()

    def search(self):
        self.client.get(random.choice(SEARCH_PATHS), name="/search", headers=self.headers)

    def service_page(self):
        self.client.get(f"/services/{random.choice(SERVICE_IDS)}", name="/services/<id>", headers=self.headers)

    def sign_in_and_out(self):
        if not ACCOUNTS:
            return
        account = random.choice(ACCOUNTS)
        self.new_visitor()
        page = self.client.get("/sign-in", name="/sign-in (form)", headers=self.headers)
        token = csrf_token(page.text)
        with self.client.post("/sign-in", name="/sign-in (POST)", headers=self.headers, catch_response=True,
                              data={"csrf_token": token or "", "email": account["email"],
                                    "password": account["password"], "next": ""}) as response:
            # A good sign-in redirects (followed here) to a page with the sign-out button on it.
            if 'action="/sign-out"' not in (response.text or ""):
                response.failure(f"not signed in (status {response.status_code})")
                return
            token = csrf_token(response.text)
        with self.client.post("/sign-out", name="/sign-out (POST)", headers=self.headers, catch_response=True,
                              data={"csrf_token": token or ""}) as response:
            if 'action="/sign-out"' in (response.text or ""):
                response.failure("still signed in")
        self.new_visitor()

    def report_a_problem(self):
        service_id = random.choice(SERVICE_IDS)
        self.new_visitor()
        page = self.client.get(f"/services/{service_id}/report", name="/services/<id>/report (form)",
                               headers=self.headers)
        token = csrf_token(page.text)
        with self.client.post(f"/services/{service_id}/report", name="/services/<id>/report (POST)",
                              headers=self.headers, catch_response=True,
                              data={"csrf_token": token or "", "kind": "out_of_date",
                                    "details": "Load test: the opening times may have changed.",
                                    "email": "", "website": ""}) as response:
            if response.status_code != 200 or "govuk-error-summary" in (response.text or ""):
                response.failure(f"report not taken (status {response.status_code})")
        self.new_visitor()

    tasks = {action: SOAK_WEIGHTS[action.__name__]
             for action in (search, service_page, sign_in_and_out, report_a_problem) if SOAK_WEIGHTS[action.__name__]}
