"""The load of ``bench/load.py``: signed-in coordinators on a mix of their caseload, a case page,
a child search, a plan page and the API case list. Run by locust in its own process (locust
patches the standard library with gevent, so it must be imported first); the users (session
cookies, their cases, plans and a surname to search for) come from ``$BENCH_USERS_FILE``."""

import json
import os
import random

from locust import HttpUser, between, task

with open(os.environ["BENCH_USERS_FILE"], encoding="utf-8") as users_file:
    USERS = json.load(users_file)


class Coordinator(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.me = random.choice(USERS)
        self.client.cookies.set("sessionid", self.me["session"])

    def _get(self, path: str, name: str, **params) -> None:
        with self.client.get(
            path, params=params or None, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                # Status 0: no answer at all; say why (refused, reset, timed out).
                error = response.error
                reason = f"{type(error).__name__}: {error}" if error else ""
                response.failure(f"{response.status_code} {reason}".strip())

    @task(3)
    def caseload(self) -> None:
        self._get("/caseload/", "caseload")

    @task(3)
    def case_page(self) -> None:
        self._get(f"/cases/{random.choice(self.me['cases'])}/", "case page")

    @task(2)
    def search(self) -> None:
        self._get("/children/search/", "search", q=self.me["surname"])

    @task(2)
    def plan_page(self) -> None:
        self._get(f"/ehcp/plans/{random.choice(self.me['plans'])}/", "plan page")

    @task(1)
    def api_list(self) -> None:
        self._get("/api/v1/cases/", "API case list")
