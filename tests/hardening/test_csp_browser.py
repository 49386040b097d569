"""In real Chromium, on the demo data: the Content Security Policy refuses nothing the pages need.

Any CSP violation shows in the console ("Refused to …"); the test fails on one. It also checks that
htmx still works under the policy (similar suggestions appear while a deputy types), and that the
station day page and the legislation entry page still work.
"""

import pytest
from django.core.management import call_command

from legislation.models import Consultation
from suggestions.models import Suggestion
from tests.browser_support import PHONE, chromium, sign_in

PASSWORD = "demo-pass-2024"


def watch_console(page, problems):
    def console(message):
        if "favicon.ico" in (message.location or {}).get("url", ""):
            return  # no icon yet: harmless
        if message.type == "error" or "Refused" in message.text:
            problems.append(f"{page.url}: {message.text}")

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(str(error)))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_work_under_the_csp_without_console_errors(live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # the demo's passwords
    call_command("seed_demo", verbosity=0)
    consultation = Consultation.objects.filter(contact_points__staff__username="legislation_staff", status="open")[0]
    similar_to = Suggestion.objects.filter(lead_deputy__user__username="deputy_2").first().title
    problems = []
    with chromium() as browser:
        public = browser.new_page(**PHONE)
        watch_console(public, problems)
        for path in ("/public/stations/", "/legislation/public/", "/track/"):
            public.goto(f"{live_server.url}{path}")

        deputy = browser.new_page(**PHONE)
        watch_console(deputy, problems)
        sign_in(deputy, live_server.url, "deputy_2", PASSWORD, "/suggestions/new/")
        deputy.wait_for_function("() => window.htmx !== undefined")
        with deputy.expect_response(lambda r: "/suggestions/similar/" in r.url, timeout=15000) as similar:
            deputy.fill("#id_title", similar_to)
            deputy.fill("#id_content", similar_to)
        assert similar.value.ok
        deputy.wait_for_selector("#similar a")  # the fragment was swapped in

        staff = browser.new_page(**PHONE)
        watch_console(staff, problems)
        sign_in(staff, live_server.url, "station_staff", PASSWORD, "/visits/today/")
        staff.fill("textarea[name=content]", "群众反映路灯不亮")
        staff.get_by_role("button", name="保存").click()
        staff.wait_for_selector("text=来访已登记")

        legislation = browser.new_page(**PHONE)
        watch_console(legislation, problems)
        entry = f"/legislation/consultations/{consultation.pk}/"
        sign_in(legislation, live_server.url, "legislation_staff", PASSWORD, entry)
        legislation.wait_for_function("() => window.htmx !== undefined")
        legislation.goto(f"{live_server.url}{entry}report/")
    assert not problems, problems
