import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from stations.models import Visit, VisitChange
from tests.liaison.factories import DeputyFactory
from tests.stations.factories import CategoryFactory, PlatformFactory, ScheduleFactory, StationFactory, VisitFactory

pytestmark = pytest.mark.django_db


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def visit_ids(client, query=""):
    return sorted(v["id"] for v in results(client.get(f"/api/v1/visits/{query}")))


class TestVisitScoping:
    @pytest.mark.parametrize(
        ("user", "sees"),
        [
            ("staff", ["jiangxinyuan"]),
            ("staff_2", ["binhu"]),
            ("committee_wuhan", ["jiangxinyuan"]),
            ("committee", ["jiangxinyuan", "binhu"]),
            ("admin", ["jiangxinyuan", "binhu"]),
            ("no_role", []),
        ],
    )
    def test_each_role_sees_its_visits(self, api_as, world, user, sees):
        expected = sorted(world["visits"][name].pk for name in sees)
        assert visit_ids(api_as(world[user])) == expected

    @pytest.mark.parametrize(("deputy", "sees"), [("xie", "binhu"), ("jianghan", "jiangxinyuan")])
    def test_deputies_see_the_visits_they_attended(self, api_as, world, deputy, sees):
        assert visit_ids(api_as(world["deputies"][deputy].user)) == [world["visits"][sees].pk]

    def test_a_visit_outside_the_scope_is_not_found(self, api_as, world):
        response = api_as(world["staff"]).get(f"/api/v1/visits/{world['visits']['binhu'].pk}/")
        assert response.status_code == 404 and response.json()["detail"]

    def test_anonymous_callers_are_refused(self, api, world):
        assert api.get("/api/v1/visits/").status_code == 401


class TestVisitMasking:
    def path(self, world):
        return f"/api/v1/visits/{world['visits']['jiangxinyuan'].pk}/"

    @pytest.mark.parametrize("user", ["staff", "admin"])
    def test_the_stations_own_staff_and_admins_see_the_visitor_in_full(self, api_as, world, user):
        visit = api_as(world[user]).get(self.path(world)).json()
        assert (visit["visitor_name"], visit["visitor_phone"]) == ("张三丰", "13812341234")

    @pytest.mark.parametrize("user", ["committee", "committee_wuhan"])
    def test_committee_staff_see_it_masked(self, api_as, world, user):
        visit = api_as(world[user]).get(self.path(world)).json()
        assert (visit["visitor_name"], visit["visitor_phone"]) == ("张**", "138****1234")

    def test_the_deputy_who_attended_sees_it_masked(self, api_as, world):
        visit = api_as(world["deputies"]["jianghan"].user).get(self.path(world)).json()
        assert visit["visitor_phone"] == "138****1234"


class TestVisitWrites:
    def test_station_staff_create_a_visit_with_the_documented_fields(self, api_as, world):
        chen, liu = world["deputies"]["jianghan"], world["deputies"]["honghu"]
        body = {
            "station": world["stations"]["jiangxinyuan"].pk,
            "channel": "in_person",
            "content": "老旧小区加装电梯",
            "visitor_name": "王五",
            "visitor_phone": "13700001111",
            "deputies": [chen.pk, liu.pk],
        }
        response = api_as(world["staff"]).post("/api/v1/visits/", body, format="json")
        assert response.status_code == 201, response.content
        created = response.json()
        assert created["visitor_phone"] == "13700001111"
        assert sorted(created["deputy_names"]) == ["刘洪", "陈志强"]
        assert Visit.objects.get(pk=created["id"]).created_by == world["staff"]

    def test_not_for_another_station(self, api_as, world):
        body = {"station": world["stations"]["binhu"].pk, "channel": "in_person", "content": "x"}
        response = api_as(world["staff"]).post("/api/v1/visits/", body, format="json")
        assert response.status_code == 403 and "本站点" in response.json()["detail"]

    def test_bad_input_is_a_readable_400(self, api_as, world):
        body = {"station": world["stations"]["jiangxinyuan"].pk, "channel": "pigeon", "content": ""}
        response = api_as(world["staff"]).post("/api/v1/visits/", body, format="json")
        assert response.status_code == 400
        assert set(response.json()["errors"]) == {"channel", "content"}

    def test_same_day_correction_is_recorded(self, api_as, world):
        path = f"/api/v1/visits/{world['visits']['jiangxinyuan'].pk}/"
        response = api_as(world["staff"]).patch(path, {"outcome": "referred"}, format="json")
        assert response.status_code == 200 and response.json()["outcome"] == "referred"
        assert VisitChange.objects.get().changes == {"outcome": ["answered", "referred"]}

    def test_correcting_a_visit_of_an_earlier_day_is_a_409(self, api_as, world):
        visit = world["visits"]["jiangxinyuan"]
        Visit.objects.filter(pk=visit.pk).update(created_at=timezone.now() - timedelta(days=2))
        response = api_as(world["staff"]).patch(f"/api/v1/visits/{visit.pk}/", {"content": "改"}, format="json")
        assert response.status_code == 409 and "当天" in response.json()["detail"]

    def test_committee_cannot_correct_visits(self, api_as, world):
        path = f"/api/v1/visits/{world['visits']['jiangxinyuan'].pk}/"
        assert api_as(world["committee"]).patch(path, {"content": "改"}, format="json").status_code == 403


class TestVisitFilters:
    @pytest.fixture
    def more(self, world):
        parent = CategoryFactory(name="城乡建设")
        child = CategoryFactory(name="老旧小区改造", parent=parent)
        station = world["stations"]["jiangxinyuan"]
        return {
            "old": VisitFactory(station=station, visited_at=timezone.now() - timedelta(days=10), content="路灯不亮"),
            "phone": VisitFactory(station=station, channel="phone", outcome="referred", category=child),
            "parent": parent,
        }

    def ids(self, api_as, world, query):
        return visit_ids(api_as(world["admin"]), query)

    def test_station(self, api_as, world, more):
        assert world["visits"]["binhu"].pk not in self.ids(
            api_as, world, f"?station={world['stations']['jiangxinyuan'].pk}"
        )
        assert self.ids(api_as, world, f"?station={world['stations']['binhu'].pk}") == [world["visits"]["binhu"].pk]

    def test_date_range_is_in_whole_local_days(self, api_as, world, more):
        day = timezone.localdate(more["old"].visited_at).isoformat()
        assert self.ids(api_as, world, f"?date_from={day}&date_to={day}") == [more["old"].pk]
        assert more["old"].pk not in self.ids(api_as, world, f"?date_from={timezone.localdate().isoformat()}")

    def test_channel_and_outcome(self, api_as, world, more):
        assert self.ids(api_as, world, "?channel=phone") == [more["phone"].pk]
        assert self.ids(api_as, world, "?outcome=referred") == [more["phone"].pk]

    def test_category_includes_its_subcategories(self, api_as, world, more):
        assert self.ids(api_as, world, f"?category={more['parent'].pk}") == [more["phone"].pk]

    def test_deputy(self, api_as, world, more):
        assert self.ids(api_as, world, f"?deputy={world['deputies']['xie'].pk}") == [world["visits"]["binhu"].pk]

    def test_search_in_content(self, api_as, world, more):
        assert self.ids(api_as, world, "?search=路灯") == [more["old"].pk]

    def test_an_invalid_date_is_a_readable_400(self, api_as, world):
        response = api_as(world["admin"]).get("/api/v1/visits/?date_from=昨天")
        assert response.status_code == 400 and "date_from" in response.json()["detail"]


class TestStations:
    def names(self, client, query=""):
        return sorted(s["name"] for s in results(client.get(f"/api/v1/stations/{query}")))

    def test_filters_kind_region_stars_platform_and_search(self, api_as, world):
        jiangxinyuan = world["stations"]["jiangxinyuan"]
        jiangxinyuan.platforms.add(PlatformFactory(code="legislative", name="基层立法联系点"))
        StationFactory(name="滨湖街道人大代表之家", kind="home", region=world["stations"]["binhu"].region, stars=3)
        client = api_as(world["admin"])
        assert self.names(client, "?kind=point") == ["滨湖村人大代表联系点"]
        assert self.names(client, "?region=420100") == ["江欣苑社区人大代表联络站"]
        assert self.names(client, "?stars=3") == ["滨湖街道人大代表之家"]
        assert self.names(client, "?platform=legislative") == ["江欣苑社区人大代表联络站"]
        assert self.names(client, "?search=滨湖") == ["滨湖村人大代表联系点", "滨湖街道人大代表之家"]

    def test_committee_sees_the_stations_of_its_region(self, api_as, world):
        assert self.names(api_as(world["committee_wuhan"])) == ["江欣苑社区人大代表联络站"]

    def test_committee_registers_a_station_staff_may_not(self, api_as, world):
        body = {"kind": "point", "name": "北湖社区联系点", "region": "420103003", "platforms": []}
        assert api_as(world["staff"]).post("/api/v1/stations/", body, format="json").status_code == 403
        response = api_as(world["committee_wuhan"]).post("/api/v1/stations/", body, format="json")
        assert response.status_code == 201, response.content
        outside = {**body, "region": "421083002"}
        assert api_as(world["committee_wuhan"]).post("/api/v1/stations/", outside, format="json").status_code == 400

    def test_rating(self, api_as, world):
        path = f"/api/v1/stations/{world['stations']['jiangxinyuan'].pk}/rate/"
        response = api_as(world["committee_wuhan"]).post(path, {"stars": 5}, format="json")
        assert response.status_code == 200 and response.json()["stars"] == 5

    def test_who_is_assigned_and_on_duty(self, api_as, world):
        station = world["stations"]["jiangxinyuan"]
        ScheduleFactory(station=station, deputies=[world["deputies"]["honghu"]])
        body = api_as(world["staff"]).get(f"/api/v1/stations/{station.pk}/deputies/").json()
        assert [(a["name"], a["role"]) for a in body["assigned"]] == [("陈志强", "liaison")]
        assert body["on_duty_today"] == [world["deputies"]["honghu"].pk]

    def test_schedules_filter_by_station_and_deputy(self, api_as, world):
        station = world["stations"]["jiangxinyuan"]
        mine = ScheduleFactory(station=station, deputies=[world["deputies"]["jianghan"]])
        ScheduleFactory(station=world["stations"]["binhu"])
        client = api_as(world["deputies"]["xie"].user)
        assert [s["id"] for s in results(client.get(f"/api/v1/schedules/?station={station.pk}"))] == [mine.pk]
        deputy = world["deputies"]["jianghan"].pk
        assert [s["id"] for s in results(client.get(f"/api/v1/schedules/?deputy={deputy}"))] == [mine.pk]


class TestExports:
    def rows_csv(self, response):
        assert response.status_code == 200
        assert response.content.startswith(b"\xef\xbb\xbf"), "utf-8-sig so Excel opens the Chinese"
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))

    def test_csv_for_the_stations_own_staff_has_the_visitor_in_full(self, api_as, world):
        rows = self.rows_csv(api_as(world["staff"]).get("/api/v1/visits/export/?file=csv"))
        assert rows[0][:4] == ["接待时间", "站点", "渠道", "来访人"]
        assert [r[3:5] for r in rows[1:]] == [["张三丰", "13812341234"]]

    def test_csv_for_committee_is_masked(self, api_as, world):
        rows = self.rows_csv(api_as(world["committee"]).get("/api/v1/visits/export/?file=csv"))
        assert sorted(r[4] for r in rows[1:]) == ["138****1234", "139****4321"]
        assert "13812341234" not in str(rows)

    def test_xlsx_is_masked_and_neutralises_formulas(self, api_as, world):
        VisitFactory(station=world["stations"]["binhu"], content='=HYPERLINK("http://x")', visitor_name="@王")
        response = api_as(world["committee"]).get("/api/v1/visits/export/")
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith('.xlsx"')
        sheet = load_workbook(io.BytesIO(response.content)).active
        cells = [str(c.value) for row in sheet.iter_rows() for c in row]
        assert "13987654321" not in cells and "139****4321" in cells
        assert '\'=HYPERLINK("http://x")' in cells and "'@*" in cells

    def test_the_date_range_applies(self, api_as, world):
        old = VisitFactory(station=world["stations"]["jiangxinyuan"], visited_at=timezone.now() - timedelta(days=60))
        day = timezone.localdate(old.visited_at).isoformat()
        rows = self.rows_csv(
            api_as(world["staff"]).get(f"/api/v1/visits/export/?file=csv&date_from={day}&date_to={day}")
        )
        assert len(rows) == 2
        default = self.rows_csv(api_as(world["staff"]).get("/api/v1/visits/export/?file=csv"))
        assert len(default) == 2 and default[1][3] == "张三丰", "by default the last 30 days"


class TestQueryCounts:
    def grow(self, world, n):
        station = world["stations"]["jiangxinyuan"]
        deputies = [DeputyFactory() for _ in range(3)]
        category = CategoryFactory(name="民生", parent=CategoryFactory(name="社会建设"))
        for _ in range(n):
            VisitFactory(station=station, deputies=deputies, category=category)
            StationFactory(region=station.region)
            ScheduleFactory(station=station, deputies=deputies)

    @pytest.mark.parametrize(
        "path", ["/api/v1/visits/", "/api/v1/stations/", "/api/v1/schedules/", "/api/v1/visits/export/?file=csv&"]
    )
    def test_lists_use_a_fixed_number_of_queries(self, api_as, world, django_assert_max_num_queries, path):
        self.grow(world, 30)
        client = api_as(world["committee"])
        joiner = "" if path.endswith("&") else "?"
        client.get(f"{path}{joiner}page_size=1")  # the user's scope is built once, on the first request
        with django_assert_max_num_queries(10) as small:
            assert client.get(f"{path}{joiner}page_size=2").status_code == 200
        with django_assert_max_num_queries(10) as large:
            assert client.get(f"{path}{joiner}page_size=60").status_code == 200
        assert len(large.captured_queries) == len(small.captured_queries)


class TestSchema:
    def test_the_stations_endpoints_are_in_the_schema(self, api, db):
        paths = api.get("/api/v1/schema/?format=json").json()["paths"]
        for path in ["/api/v1/stations/", "/api/v1/stations/{id}/deputies/", "/api/v1/schedules/", "/api/v1/visits/"]:
            assert path in paths
        assert "/api/v1/visits/export/" in paths
