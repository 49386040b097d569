"""Station staff on a phone log a visit with two deputies and see it in today's list."""

import pytest
from django.contrib.auth import get_user_model

from stations.models import Visit
from tests.browser_support import PHONE, chromium, sign_in
from tests.liaison.factories import DeputyFactory
from tests.stations.factories import ScheduleFactory, StationDeputyFactory, StationFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_station_staff_log_a_visit_on_a_phone(live_server):
    station = StationFactory(name="江欣苑社区人大代表联络站")
    staff = get_user_model().objects.create_user("station_staff", password="demo-pass-2024")
    station.staff.add(staff)
    chen, wang = DeputyFactory(name="陈志强"), DeputyFactory(name="王建国")
    StationDeputyFactory(station=station, deputy=chen)
    StationDeputyFactory(station=station, deputy=wang)
    ScheduleFactory(station=station, deputies=[chen])  # on duty today: ticked already

    with chromium() as browser:
        page = browser.new_page(**PHONE)
        sign_in(page, live_server.url, "station_staff", "demo-pass-2024", "/visits/today/")

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

    visit = Visit.objects.get(content="希望社区增设老年食堂")
    assert sorted(d.name for d in visit.deputies.all()) == ["王建国", "陈志强"]
