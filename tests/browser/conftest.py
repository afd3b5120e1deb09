"""Browser tests: Playwright drives Debian's Chromium (never a downloaded browser) against the live
test server, and every page visited is checked with axe-core with all its rules: the WCAG 2.x
A/AA rules and the best-practice ones (landmarks, headings, regions)."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page
from playwright.sync_api import Error as PlaywrightError

from sendcpp.accounts import acceptable_code
from sendcpp.models import User

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "correct-horse-battery-staple"


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail(
            "Debian's chromium is not installed: run `apt-get install chromium` (.ci/run does)"
        )
    return path


def check_accessibility(page: Page) -> None:
    """Run axe-core on the current page with every rule it enables by default (WCAG A/AA and
    best practice alike) and fail on any violation; then check the page reflows at 320 px."""
    result = _run_axe(page)
    violations = [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
    assert violations == [], f"axe violations on {page.url}:\n{json.dumps(violations, indent=2)}"
    check_reflow(page)


def _run_axe(page: Page) -> dict[str, Any]:
    """Inject axe-core and run it once the page in the tab has loaded. A link just clicked may
    still be replacing the document (no <head> yet, or the old one torn down under the script):
    then wait for the new page to load and run again, a few times at most."""
    attempts = 5
    for attempt in range(attempts):
        page.wait_for_load_state("load")
        try:
            page.add_script_tag(path=str(AXE_PATH))
            result: dict[str, Any] = page.evaluate(
                "() => axe.run(document, {resultTypes: ['violations']})"
            )
            return result
        except PlaywrightError as error:
            navigating = any(sign in str(error) for sign in _NAVIGATING)
            if not navigating or attempt == attempts - 1:
                raise
            page.wait_for_timeout(200)
    raise AssertionError("unreachable")


# What Chromium says when a script meets a document that is being replaced.
_NAVIGATING = ("appendChild", "Execution context was destroyed", "axe is not defined")


def check_reflow(page: Page) -> None:
    """WCAG 1.4.10 (reflow): at 320 CSS pixels wide the page never scrolls sideways; a wide table
    scrolls inside its own region instead. The page is measured at 320 px and put back at the
    size it had."""
    size = page.viewport_size or {"width": 1280, "height": 800}
    page.set_viewport_size({"width": 320, "height": size["height"]})
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        wide = [] if width <= 320 else page.evaluate(_WIDEST)
    finally:
        page.set_viewport_size(size)
    assert width <= 320, f"{page.url} scrolls sideways at 320 px ({width} px wide): {wide}"


# What to fix: the innermost elements that reach past the right edge, or whose content (a long
# word) spills out of them.
_WIDEST = """() => [...document.body.querySelectorAll('*')]
  .filter(e => (e.getBoundingClientRect().right > document.documentElement.clientWidth
      && ![...e.children].some(c => c.getBoundingClientRect().right > document.documentElement.clientWidth))
    || (e.scrollWidth > e.clientWidth && e.clientWidth > 0 && getComputedStyle(e).overflowX === 'visible'))
  .slice(0, 3)
  .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).trim().split(/\\s+/).join('.') : '')
    + ' "' + (e.textContent || '').trim().slice(0, 40) + '"')"""


def type_date(page: Page, legend: str, value: date | tuple[str, str, str]) -> None:
    """Type a date into the GOV.UK date input whose legend is ``legend``, as a keyboard user
    does: into the day box, Tab to the month, Tab to the year. ``value`` is a date or the three
    texts to type (to type something wrong)."""
    parts = (
        (str(value.day), str(value.month), str(value.year)) if isinstance(value, date) else value
    )
    group = page.get_by_role("group", name=legend, exact=True)
    day = group.get_by_label("Day", exact=True)
    day.click()
    for number, text in enumerate(parts):
        if number:
            page.keyboard.press("Tab")
        page.keyboard.press("ControlOrMeta+A")
        if text:
            page.keyboard.type(text)
        else:
            page.keyboard.press("Delete")


def visit(page: Page, path: str) -> None:
    """Go to a page, check it loaded, and check its accessibility."""
    response = page.goto(path)
    assert response is not None, f"{path} gave no response"
    assert response.status < 400, f"{path} answered {response.status}"
    check_accessibility(page)


def _wait_for_code(device: TOTPDevice) -> str:
    """A code the device accepts now; a code is single-use, so a second sign-in by the same
    person inside one step takes the next step's code, or waits for the next step to open."""
    for _ in range(int(device.step * 2 / 0.5)):
        device.refresh_from_db()
        code = acceptable_code(device)
        if code is not None:
            return code
        time.sleep(0.5)
    pytest.fail(f"no security code became acceptable for {device.user.username}")


def sign_in(page: Page, user: User) -> None:
    """Sign in through the real form (and the security code for staff), checking each page."""
    visit(page, "/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        page.wait_for_url("**/sign-in/security-code/")
        check_accessibility(page)
        code = _wait_for_code(device)
        page.get_by_label("Security code").fill(code)
        page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    assert "/sign-in/" not in page.url, f"sign-in failed for {user.username}"


@contextmanager
def signed_in_page(browser: Browser, live_server: Any, user: User) -> Iterator[Page]:
    """A fresh browser context for one person, signed in through the real form (the sign-in
    pages checked like every other), closed afterwards."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1024, "height": 800}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        sign_in(page, user)
        check_accessibility(page)
        yield page
    finally:
        context.close()
