"""The committee's station figures: visits per station and channel, the share turned into suggestions,
coverage; counted by hand, for a period and region, scoped, linked to the visit list, fixed queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.liaison.factories import region
from tests.stations.factories import StationFactory, VisitFactory
from tests.suggestions.test_dashboard import assert_no_cdn_and_no_inline_script

URL = "/stations/figures/"


@pytest.fixture
def visits(world):
    """Given, this year: 江欣苑 3 visits (to the station, phone, a home visit turned into a suggestion, 5
    people), 滨湖村 2 visits (to the station, a meeting turned into a suggestion), 峰口 none; and one
    江欣苑 visit last year."""
    jxy, binhu = world["stations"]["jiangxinyuan"], world["stations"]["binhu"]
    VisitFactory(station=jxy, channel="phone")
    VisitFactory(station=jxy, channel="home_visit", outcome="to_suggestion", people_count=5)
    VisitFactory(station=binhu, channel="meeting", outcome="to_suggestion")
    VisitFactory(station=jxy, visited_at=timezone.now() - timedelta(days=400))
    fengkou = StationFactory(name="峰口镇人大代表之家", region=region("421083103", "峰口镇", "township"))
    return {"jxy": jxy, "binhu": binhu, "fengkou": fengkou}


def page(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200, response.content.decode()[:400]
    return response, {row["station"].name: row for row in response.context["rows"]}


def channels(row) -> dict:
    return {cell["label"]: cell["value"] for cell in row["channels"] if cell["value"]}


class TestFigures:
    def test_per_station_and_channel(self, client, world, visits):
        response, rows = page(client, world["committee"])
        jxy, binhu, fengkou = rows["江欣苑社区人大代表联络站"], rows["滨湖村人大代表联系点"], rows["峰口镇人大代表之家"]
        assert (jxy["visits"], jxy["people"], jxy["to_suggestion"], jxy["share"]) == (3, 7, 1, round(1 / 3, 4))
        assert channels(jxy) == {"到站接待": 1, "电话": 1, "走访入户": 1}
        assert (binhu["visits"], binhu["to_suggestion"], binhu["share"]) == (2, 1, 0.5)
        assert channels(binhu) == {"到站接待": 1, "座谈会": 1}
        assert (fengkou["visits"], fengkou["share"]) == (0, None)
        totals = response.context["totals"]
        assert (totals["visit_count"], totals["to_suggestion"], totals["channel_in_person"]) == (5, 2, 2)
        assert totals["share"] == 0.4

    def test_coverage_is_counted_for_the_region(self, client, world, visits):
        response, _ = page(client, world["committee"])
        assert [s.name for s in response.context["coverage"].stations_without_deputy] == ["峰口镇人大代表之家"]
        response, _ = page(client, world["committee"], region="420100")
        assert response.context["coverage"].stations_without_deputy == []

    def test_period(self, client, world, visits):
        last_year = timezone.localdate().year - 1
        _, rows = page(client, world["committee"], **{"from": f"{last_year - 1}-01-01", "to": f"{last_year}-12-31"})
        assert rows["江欣苑社区人大代表联络站"]["visits"] == 1 and rows["滨湖村人大代表联系点"]["visits"] == 0

    def test_region(self, client, world, visits):
        _, rows = page(client, world["committee"], region="421000")
        assert set(rows) == {"滨湖村人大代表联系点", "峰口镇人大代表之家"}

    def test_chart_reads_json_and_chart_js_comes_from_static(self, client, world, visits):
        response, _ = page(client, world["committee"])
        html = response.content.decode()
        assert '<script id="visits-data" type="application/json">' in html
        assert '<script src="/static/vendor/chart.umd.js">' in html
        assert_no_cdn_and_no_inline_script(html)
        chart = response.context["chart"]
        assert "峰口镇人大代表之家" not in chart["labels"]  # nothing to draw
        in_person = next(d for d in chart["datasets"] if d["label"] == "到站接待")
        assert sum(in_person["data"]) == 2


class TestScopingAndLinks:
    def test_wuhan_sees_only_wuhan(self, client, world, visits):
        _, rows = page(client, world["committee_wuhan"])
        assert list(rows) == ["江欣苑社区人大代表联络站"]

    def test_a_region_outside_the_scope_is_refused(self, client, world, visits):
        client.force_login(world["committee_wuhan"])
        assert client.get(URL, {"region": "421000"}).status_code == 400

    def test_staff_and_deputies_are_refused(self, client, world):
        for user in (world["staff"], world["deputies"]["xie"].user):
            client.force_login(user)
            assert client.get(URL).status_code == 403

    def test_links_list_as_many_visits(self, client, world, visits):
        _, rows = page(client, world["committee"])
        for row in rows.values():
            links = [(row["visits"], row["visits_url"]), (row["to_suggestion"], row["to_suggestion_url"])]
            links += [(cell["value"], cell["url"]) for cell in row["channels"]]
            for value, url in links:
                assert url.startswith("/visits/?")
                assert client.get(url).context["page"].paginator.count == value, url


class TestQueries:
    def test_more_stations_same_queries(self, client, world, visits, django_assert_max_num_queries):
        client.force_login(world["committee"])
        with CaptureQueriesContext(connection) as queries:
            client.get(URL)
        for _ in range(4):
            VisitFactory(station=StationFactory(region=world["regions"]["honghu"]), channel="online")
        with django_assert_max_num_queries(len(queries)):
            response = client.get(URL)
        assert len(response.context["rows"]) == 7


class TestApi:
    def test_figures(self, api_as, world, visits):
        body = api_as(world["committee"]).get("/api/v1/stats/stations/").json()
        assert body["count"] == 3
        jxy = next(r for r in body["results"] if r["name"] == "江欣苑社区人大代表联络站")
        assert (jxy["visits"], jxy["people"], jxy["to_suggestion"], jxy["share"]) == (3, 7, 1, 0.3333)
        assert jxy["channels"]["phone"] == 1 and jxy["channels"]["meeting"] == 0 and jxy["region"] == "420103003"

    def test_scoped_and_validated(self, api_as, world, visits):
        client = api_as(world["committee_wuhan"])
        assert [r["name"] for r in client.get("/api/v1/stats/stations/").json()["results"]] == [
            "江欣苑社区人大代表联络站"
        ]
        response = client.get("/api/v1/stats/stations/?region=421000")
        assert response.status_code == 400 and "region" in response.json()["errors"]
        response = client.get("/api/v1/stats/stations/?from=2025-13-01")
        assert response.status_code == 400 and "from" in response.json()["errors"]

    def test_refused_to_others(self, api_as, world):
        assert api_as(world["deputies"]["xie"].user).get("/api/v1/stats/stations/").status_code == 403
