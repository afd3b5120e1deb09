"""A coordinator issues the final plan through the real page, served as in production by gunicorn
with threaded (gthread) workers: the page answers with a redirect (before the Celery app was the
default in every thread, any request queueing a task on commit answered 500 under gthread), and
the plan's PDF, queued on commit from the request's thread, is made by a real worker.

The served process runs on the real clock, so this test does too (``real_clock``)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import requests
from django.test import Client, override_settings
from django.utils import timezone

from conftest import sign_in
from ehcp import services
from ehcp.models import PlanVersion
from ehcp.tests import factories as f
from sendcpp.models import Document
from sendcpp.tests.test_served import SERVED_SECRET_KEY, served  # noqa: F401 - the fixture
from sendcpp.tests.test_worker import _wait_for, redis_worker  # noqa: F401
from sendcpp.web.testing import form_data

pytestmark = [pytest.mark.redis, pytest.mark.real_clock, pytest.mark.django_db(transaction=True)]

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.mark.parametrize("served", ["gthread"], indirect=True)
def test_a_final_plan_issued_on_a_threaded_server_has_its_pdf_made_by_the_worker(
    world,
    redis_worker,  # noqa: F811
    served,  # noqa: F811
):
    draft = f.draft_issued(world.case, world.coordinator, served_on=f.days_ago(20))
    plan = draft.plan
    plan.refresh_from_db()
    services.name_setting_in_plan(plan, setting=f.SettingFactory(), by=world.coordinator)
    with override_settings(SECRET_KEY=SERVED_SECRET_KEY):  # the served app's key signs it
        session = sign_in(Client(), world.coordinator).session.session_key

    browser = requests.Session()
    browser.cookies.set("sessionid", session)
    page = f"{served}/ehcp/plans/{plan.public_id}/issue/final/"
    form = browser.get(page, allow_redirects=False, timeout=30)
    assert form.status_code == 200, form.headers.get("Location")
    token = TOKEN.search(form.text)
    assert token is not None
    # Production cookies are Secure; this loopback server is plain HTTP, so send them back here.
    for name, value in form.cookies.items():
        browser.cookies.set(name, value)
    issued_on = timezone.localdate() - timedelta(days=1)
    answer = browser.post(
        page,
        data={**form_data({"issued_on": issued_on}), "csrfmiddlewaretoken": token.group(1)},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, answer.text[:2000]

    final = PlanVersion.objects.get(plan=plan, kind="final")
    assert answer.headers["Location"] == f"/ehcp/versions/{final.public_id}/"
    assert final.issued_on == issued_on
    _wait_for(
        lambda: Document.objects.get(pk=final.document_id).status == Document.Status.READY, 60
    )
    document = Document.objects.get(pk=final.document_id)
    assert document.file.storage.exists(document.file.name)
    with document.file.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
