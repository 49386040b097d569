"""Real Chromium (Debian's package) driven by Playwright, for the browser tests."""

import contextlib
import os
import shutil

from tests.conftest import need

CHROMIUM = "/usr/bin/chromium"
# No background traffic: this machine reaches no network but the package registries.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@contextlib.contextmanager
def chromium():
    """A headless Chromium; the test skips without it (fails under REQUIRE_SERVICES=1)."""
    need(os.path.exists(CHROMIUM) or shutil.which("chromium") is not None, "needs Debian's chromium")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # live_server and Playwright share the test thread
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def sign_in(page, base_url: str, username: str, password: str, next_path: str) -> None:
    page.goto(f"{base_url}/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{next_path}")
