"""Station staff on a phone log a visit with two deputies and see it in today's list."""

import os
import shutil

import pytest
from django.contrib.auth import get_user_model

from stations.models import Visit
from tests.conftest import need
from tests.liaison.factories import DeputyFactory
from tests.stations.factories import ScheduleFactory, StationDeputyFactory, StationFactory

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]  # fmt: skip


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_station_staff_log_a_visit_on_a_phone(live_server):
    need(os.path.exists(CHROMIUM) or shutil.which("chromium") is not None, "needs Debian's chromium")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    station = StationFactory(name="江欣苑社区人大代表联络站")
    staff = get_user_model().objects.create_user("station_staff", password="demo-pass-2024")
    station.staff.add(staff)
    chen, wang = DeputyFactory(name="陈志强"), DeputyFactory(name="王建国")
    StationDeputyFactory(station=station, deputy=chen)
    StationDeputyFactory(station=station, deputy=wang)
    ScheduleFactory(station=station, deputies=[chen])  # on duty today: ticked already

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        page.goto(f"{live_server.url}/login/?next=/visits/today/")
        page.fill("#id_username", "station_staff")
        page.fill("#id_password", "demo-pass-2024")
        page.click("button[type=submit]")
        page.wait_for_url("**/visits/today/")

        assert page.get_by_label("陈志强").is_checked()
        page.get_by_label("王建国").check()
        page.fill("#id_visitor_name", "赵六")
        page.fill("#id_visitor_phone", "13600001111")
        page.fill("#id_content", "希望社区增设老年食堂")
        page.get_by_role("button", name="保存").click()
        page.wait_for_selector("text=来访已登记")

        today = page.locator("#today-visits")
        assert "希望社区增设老年食堂" in today.inner_text()
        assert "陈志强、王建国" in today.inner_text() or "王建国、陈志强" in today.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling on a phone"
        browser.close()

    visit = Visit.objects.get(content="希望社区增设老年食堂")
    assert sorted(d.name for d in visit.deputies.all()) == ["王建国", "陈志强"]
