"""The load of ``bench/load.py``: signed-in coordinators on a mix of their caseload, a case page,
a child search, a plan page and the API case list. Run by locust in its own process (locust
patches the standard library with gevent, so it must be imported first); the users (session
cookies, their cases, plans and a surname to search for) come from ``$BENCH_USERS_FILE``.

``$BENCH_THINK`` is each user's wait between requests in seconds, ``MIN,MAX`` (default
``0.5,1.5``, people reading pages); ``0`` sends the next request as soon as the last is answered,
so the throughput is what the server gives on the mix itself."""

import json
import os
import random
import re

from locust import HttpUser, between, constant, task

with open(os.environ["BENCH_USERS_FILE"], encoding="utf-8") as users_file:
    USERS = json.load(users_file)

_THINK = [float(part) for part in os.environ.get("BENCH_THINK", "0.5,1.5").split(",")]


class Coordinator(HttpUser):
    wait_time = constant(0) if max(_THINK) == 0 else between(min(_THINK), max(_THINK))

    def on_start(self) -> None:
        self.me = random.choice(USERS)
        self.client.cookies.set("sessionid", self.me["session"])
        # A search is posted once (its terms never go in an address); the results page, which
        # carries only the search's opaque token, is what the users then ask for.
        form = self.client.get("/children/search/", name="search form")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        # Production marks the CSRF cookie Secure, which a client on plain-HTTP loopback would
        # not send back: send it back as the browser does over HTTPS.
        if "csrftoken" in form.cookies:
            self.client.cookies.set("csrftoken", form.cookies["csrftoken"])
        posted = self.client.post(
            "/children/search/",
            {"q": self.me["surname"], "csrfmiddlewaretoken": token[1] if token else ""},
            name="search posted",
            allow_redirects=False,
        )
        self.results = posted.headers.get("Location", "/children/search/")

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
        self._get(self.results, "search")

    @task(2)
    def plan_page(self) -> None:
        self._get(f"/ehcp/plans/{random.choice(self.me['plans'])}/", "plan page")

    @task(1)
    def api_list(self) -> None:
        self._get("/api/v1/cases/", "API case list")
