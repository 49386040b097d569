"""The committee's handling-rate dashboard: figures counted by hand for every grouping, the period and
region, scoping, drill-down links whose lists hold as many suggestions as the figure says, the .xlsx
standard tables, fixed query counts, and Chart.js served from /static/ with no inline script."""

import io
import re
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from suggestions import services
from suggestions.models import HandlingUnit, Status, Suggestion

URL = "/suggestions/dashboard/"


@pytest.fixture
def handled(world, submit, act):
    """Given six suggestions this year and one last year:
    s1 江汉 closed (A, face to face, 满意); s2 江汉 sent back after 不满意 (C); s3 江汉 assigned, overdue and
    key-supervised; s4 谢爱娥 (province) assigned by hand to 洪湖水利, replied B, not judged; s5 a public
    opinion at 滨湖 station, waiting for triage; s6 江汉 withdrawn; `old` 江汉 submitted last year."""
    housing, water = world["staff"]["unit_staff"], world["staff"]["unit_water"]
    chen, committee = world["deputies"]["jianghan"].user, world["committee"]
    s1, s2, s3 = submit(title="一"), submit(title="二"), submit(title="三")
    for suggestion, result, face in ((s1, "A", True), (s2, "C", False)):
        act(services.suggestion_accept, suggestion, housing)
        act(services.suggestion_reply, suggestion, housing, result=result, content="答复", face_to_face=face)
    act(services.suggestion_judge, s1, chen, satisfaction="satisfied")
    act(services.suggestion_judge, s2, chen, satisfaction="unsatisfied")
    act(services.suggestion_set_key, s3, committee, key=True)
    Suggestion.objects.filter(pk=s3.pk).update(due_on=timezone.localdate() - timedelta(days=3))
    s4 = submit("xie", title="四", category="school")
    act(services.suggestion_assign, s4, committee, lead_unit=world["units"]["water"])
    act(services.suggestion_accept, s4, water)
    act(services.suggestion_reply, s4, water, result="B", content="正在解决")
    s5 = services.suggestion_submit_public(content="湖区道路坑洼", station=world["stations"]["binhu"])
    s6 = submit(title="六")
    act(services.suggestion_withdraw, s6, chen)
    old = submit(title="去年")
    last_year = timezone.make_aware(datetime(timezone.localdate().year - 1, 6, 1, 10))
    Suggestion.objects.filter(pk=old.pk).update(submitted_at=last_year)
    statuses = {s.title: s.status for s in Suggestion.objects.all()}
    assert statuses["一"] == Status.CLOSED and statuses["二"] == Status.HANDLING and statuses["三"] == Status.ASSIGNED
    assert statuses["四"] == Status.REPLIED and Suggestion.objects.get(pk=s5.pk).status == Status.SUBMITTED
    return {"s1": s1, "s2": s2, "s3": s3, "s4": s4, "s5": s5, "s6": s6, "old": old}


def figures(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200, response.content.decode()[:500]
    return response, {row["label"]: row for row in response.context["rows"]}


def values(row) -> dict:
    return {cell["heading"]: cell["value"] for cell in row["cells"]} | {"提交": row["submitted"]}


ZERO = dict.fromkeys(
    ["登记", "交办", "办结", "答复", "按期答复", "A类", "当面答复", "已评价", "满意", "逾期", "重点督办"], 0
)
HOUSING = ZERO | {"提交": 4, "登记": 3, "交办": 3, "办结": 1, "答复": 2, "按期答复": 2, "A类": 1}
HOUSING |= {"当面答复": 1, "已评价": 2, "满意": 1, "逾期": 1, "重点督办": 1}
PROVINCE_S4 = ZERO | {"提交": 1, "登记": 1, "交办": 1, "答复": 1, "按期答复": 1}
PUBLIC_S5 = ZERO | {"提交": 1, "登记": 1}


class TestFiguresPerGrouping:
    def test_by_unit(self, client, world, handled):
        response, rows = figures(client, world["committee"])
        assert set(rows) == {"江汉区住房和城市更新局", "洪湖市水利和湖泊局", "未交办"}
        assert values(rows["江汉区住房和城市更新局"]) == HOUSING
        assert values(rows["洪湖市水利和湖泊局"]) == PROVINCE_S4
        assert values(rows["未交办"]) == PUBLIC_S5
        rates = {c["heading"]: c["rate"] for c in rows["江汉区住房和城市更新局"]["cells"] if c["has_rate"]}
        assert rates == {"办结": round(1 / 3, 4), "按期答复": 1.0, "A类": 0.5, "当面答复": 0.5, "满意": 0.5}

    def test_by_category(self, client, world, handled):
        _, rows = figures(client, world["committee"], group_by="category")
        assert values(rows["城乡建设"]) == HOUSING
        assert values(rows["教科文卫"]) == PROVINCE_S4
        assert values(rows["未分类"]) == PUBLIC_S5

    def test_by_level(self, client, world, handled):
        _, rows = figures(client, world["committee"], group_by="level")
        # s5 goes to 洪湖市's congress (county level), like the 江汉区 ones.
        assert set(rows) == {"县级", "省级"}
        assert values(rows["省级"]) == PROVINCE_S4
        assert values(rows["县级"])["提交"] == 5 and values(rows["县级"])["登记"] == 4

    def test_by_region_under_the_province_is_per_city(self, client, world, handled):
        _, rows = figures(client, world["committee"], group_by="region")
        assert set(rows) == {"湖北省（本级）", "武汉市", "荆州市"}
        assert values(rows["武汉市"]) == HOUSING
        assert values(rows["湖北省（本级）"]) == PROVINCE_S4
        assert values(rows["荆州市"]) == PUBLIC_S5

    def test_by_region_under_a_city_is_per_district(self, client, world, handled):
        _, rows = figures(client, world["committee"], group_by="region", region="420100")
        assert list(rows) == ["江汉区"]
        assert values(rows["江汉区"]) == HOUSING

    def test_by_station(self, client, world, handled):
        _, rows = figures(client, world["committee"], group_by="station")
        assert values(rows["滨湖街道人大代表之家"]) == PUBLIC_S5
        assert values(rows["非站点来源"])["提交"] == 5

    def test_by_month(self, client, world, handled):
        last_year = timezone.localdate().year - 1
        _, rows = figures(client, world["committee"], group_by="month", **{"from": f"{last_year}-01-01"})
        this_month = timezone.localdate()
        assert values(rows[f"{last_year}年6月"])["提交"] == 1
        assert values(rows[f"{this_month.year}年{this_month.month}月"])["提交"] == 6

    def test_totals_sum_the_groups(self, client, world, handled):
        response, _ = figures(client, world["committee"], group_by="category")
        totals = {cell["heading"]: cell["value"] for cell in response.context["totals"]["cells"]}
        assert totals["登记"] == 5 and totals["办结"] == 1 and totals["逾期"] == 1 and totals["重点督办"] == 1


class TestPeriodAndRegion:
    def test_default_period_is_this_year(self, client, world, handled):
        response, rows = figures(client, world["committee"])
        year = timezone.localdate().year
        assert response.context["period"].start == date(year, 1, 1)
        assert response.context["period"].end == date(year, 12, 31)
        assert sum(r["submitted"] for r in rows.values()) == 6  # not last year's

    def test_a_period_with_nothing_in_it(self, client, world, handled):
        tomorrow = timezone.localdate() + timedelta(days=1)
        _, rows = figures(client, world["committee"], **{"from": tomorrow.isoformat(), "to": tomorrow.isoformat()})
        assert rows == {}

    def test_last_year_alone(self, client, world, handled):
        year = timezone.localdate().year - 1
        _, rows = figures(client, world["committee"], **{"from": f"{year}-01-01", "to": f"{year}-12-31"})
        assert {label: row["submitted"] for label, row in rows.items()} == {"江汉区住房和城市更新局": 1}

    def test_region_narrows_the_figures(self, client, world, handled):
        _, rows = figures(client, world["committee"], region="421000")
        assert set(rows) == {"未交办"}

    def test_dates_in_the_wrong_order_are_refused(self, client, world, handled):
        client.force_login(world["committee"])
        response = client.get(URL, {"from": "2025-05-01", "to": "2025-04-01"})
        assert response.status_code == 400 and "截止日期不能早于起始日期" in response.content.decode()


class TestScoping:
    def test_wuhan_committee_sees_only_wuhan(self, client, world, handled):
        _, rows = figures(client, world["committee_wuhan"], group_by="region")
        assert list(rows) == ["江汉区"]
        assert values(rows["江汉区"]) == HOUSING

    def test_wuhan_committee_may_not_choose_another_city(self, client, world, handled):
        client.force_login(world["committee_wuhan"])
        response = client.get(URL, {"region": "421000"})
        assert response.status_code == 400 and "rows" not in response.context
        assert client.get(URL, {"region": "420000"}).status_code == 400

    @pytest.mark.parametrize("who", ["deputy", "unit_staff", "station_staff"])
    def test_others_are_refused(self, client, world, who):
        user = {
            "deputy": world["deputies"]["xie"].user,
            "unit_staff": world["staff"]["unit_staff"],
            "station_staff": world["station_staff"],
        }[who]
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.get("/suggestions/dashboard/units.xlsx").status_code == 403

    def test_admin_sees_everything(self, client, world, handled):
        _, rows = figures(client, world["admin"], region="")
        assert sum(r["submitted"] for r in rows.values()) == 6


def listed(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200
    return response.context["page"].paginator.count


class TestDrillDown:
    @pytest.mark.parametrize("group_by", ["unit", "category", "level", "region", "month", "station"])
    def test_every_number_lists_as_many_suggestions(self, client, world, handled, group_by):
        response, rows = figures(client, world["committee"], group_by=group_by)
        checked = 0
        for row in rows.values():
            assert listed(client, row["url"]) == row["submitted"], (row["label"], row["url"])
            for cell in row["cells"]:
                assert urlsplit(cell["url"]).path == "/suggestions/"
                assert listed(client, cell["url"]) == cell["value"], (row["label"], cell["heading"], cell["url"])
                checked += cell["value"]
        assert checked > 0
        for cell in response.context["totals"]["cells"]:
            assert listed(client, cell["url"]) == cell["value"], cell

    def test_wuhan_links_match_wuhan_figures(self, client, world, handled):
        _, rows = figures(client, world["committee_wuhan"])
        for row in rows.values():
            for cell in row["cells"]:
                assert listed(client, cell["url"]) == cell["value"]

    def test_the_links_are_on_the_page(self, client, world, handled):
        response, rows = figures(client, world["committee"])
        html = response.content.decode()
        unit = world["units"]["housing"].pk
        assert f"lead_unit={unit}" in html and "status=closed" in html and "overdue=true" in html
        assert "key=true" in html and "submitted_after=" in html and "without=unit" in html


class TestNewListFilters:
    """The filters the drill-down needs, on the suggestion list (and so the API)."""

    @pytest.mark.parametrize(
        ("query", "titles"),
        [
            ("lead_unit={housing}", {"一", "二", "三", "六", "去年"}),
            ("unit={schools}", {"一", "二", "三", "六", "去年"}),  # co-unit: `unit` is any assignment
            ("lead_unit={schools}", set()),
            ("has_reply=true", {"一", "二", "四"}),
            ("has_reply=false", {"三", "湖区道路坑洼", "六", "去年"}),
            ("on_time=true", {"一", "二", "四"}),
            ("face_to_face=true", {"一"}),
            ("satisfaction=satisfied&satisfaction=basic", {"一"}),
            ("satisfaction=unsatisfied", {"二"}),
            ("without=unit", {"湖区道路坑洼"}),
            ("without=category", {"湖区道路坑洼"}),
            ("without=station", {"一", "二", "三", "四", "六", "去年"}),
            ("station={binhu}", {"湖区道路坑洼"}),
        ],
    )
    def test_filter(self, client, world, handled, query, titles):
        ids = {
            "housing": world["units"]["housing"].pk,
            "schools": world["units"]["schools"].pk,
            "binhu": world["stations"]["binhu"].pk,
        }
        client.force_login(world["admin"])
        response = client.get(f"/suggestions/?{query.format(**ids)}&page=1")
        assert {s.title for s in response.context["page"]} == titles

    def test_unknown_without_is_an_error_not_a_500(self, client, world):
        client.force_login(world["admin"])
        response = client.get("/suggestions/?without=planet")
        assert response.status_code == 200 and response.context["filter"].errors


class TestQueryCount:
    @pytest.mark.parametrize("group_by", ["unit", "category", "region", "station", "month"])
    def test_more_rows_same_queries(self, client, world, handled, submit, django_assert_max_num_queries, group_by):
        client.force_login(world["committee"])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"group_by": group_by}).status_code == 200
        region = world["regions"]["honghu"]
        for n in range(3):
            unit = HandlingUnit.objects.create(name=f"新单位{n}", region=region)
            suggestion = submit(title=f"更多{n}", category="school")
            services.suggestion_assign(suggestion_id=suggestion.pk, actor=world["committee"], lead_unit=unit)
        with django_assert_max_num_queries(len(queries)):
            response = client.get(URL, {"group_by": group_by})
        assert len(response.context["rows"]) >= (5 if group_by == "unit" else 1)
        assert len(queries) <= 11


class TestExports:
    def workbook(self, client, user, table, **params):
        client.force_login(user)
        response = client.get(f"/suggestions/dashboard/{table}.xlsx", params)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert "attachment" in response["Content-Disposition"]
        return load_workbook(io.BytesIO(response.content)).active

    def test_units_table(self, client, world, handled):
        sheet = self.workbook(client, world["committee"], "units")
        assert sheet["A1"].value == "承办单位办理情况统计表"
        assert "湖北省" in sheet["A2"].value
        headers = [c.value for c in sheet[3]]
        assert headers[:9] == ["承办单位", "交办件数", "已答复", "按期答复", "按期答复率", "A类", "B类", "C类", "D类"]
        rows = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
        # assigned, replied, on time, rate, A, B, C, D, judged, satisfied, rate, closed, overdue
        assert rows["江汉区住房和城市更新局"][1:] == (3, 2, 2, 1.0, 1, 0, 1, 0, 2, 1, 0.5, 1, 1)
        assert rows["洪湖市水利和湖泊局"][1:] == (1, 1, 1, 1.0, 0, 1, 0, 0, 0, 0, None, 0, 0)
        assert rows["合计"][1:4] == (4, 3, 3) and rows["合计"][5:9] == (1, 1, 1, 0)
        assert "未交办" not in rows and None not in rows

    def test_categories_table(self, client, world, handled):
        sheet = self.workbook(client, world["committee"], "categories")
        assert sheet["A1"].value == "代表建议分类统计表"
        rows = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
        # registered, assigned, replied, closed, closed rate, A, B, C, D
        assert rows["城乡建设"][1:10] == (3, 3, 2, 1, round(1 / 3, 4), 1, 0, 1, 0)
        assert rows["教科文卫"][1:10] == (1, 1, 1, 0, 0.0, 0, 1, 0, 0)
        assert rows["未分类"][1:3] == (1, 0)
        assert rows["合计"][1] == 5

    def test_period_and_region_apply(self, client, world, handled):
        sheet = self.workbook(client, world["committee_wuhan"], "units")
        names = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)]
        assert names == ["江汉区住房和城市更新局", "合计"]
        year = timezone.localdate().year - 1
        sheet = self.workbook(client, world["committee"], "units", **{"from": f"{year}-01-01", "to": f"{year}-12-31"})
        rows = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
        assert rows["江汉区住房和城市更新局"][1] == 1

    def test_formula_like_names_are_neutralised(self, client, world, submit):
        unit = HandlingUnit.objects.create(name='=HYPERLINK("http://x")', region=world["regions"]["honghu"])
        suggestion = submit(title="公式", category="school")
        services.suggestion_assign(suggestion_id=suggestion.pk, actor=world["committee"], lead_unit=unit)
        sheet = self.workbook(client, world["committee"], "units")
        names = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)]
        assert '\'=HYPERLINK("http://x")' in names
        assert not any(isinstance(n, str) and n.startswith("=") for n in names)

    def test_unknown_table_is_404(self, client, world):
        client.force_login(world["committee"])
        assert client.get("/suggestions/dashboard/planets.xlsx").status_code == 404


SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def assert_no_cdn_and_no_inline_script(html: str) -> None:
    scripts = SCRIPT.findall(html)
    assert scripts
    for attributes in scripts:
        if 'type="application/json"' in attributes:
            continue
        src = re.search(r'src="([^"]+)"', attributes)
        assert src, f"inline script: <script{attributes}>"
        assert src.group(1).startswith("/static/") and "http" not in src.group(1)


class TestChartAssets:
    def test_chart_js_comes_from_static_and_the_page_has_no_inline_script(self, client, world, handled):
        response, _ = figures(client, world["committee"])
        html = response.content.decode()
        assert '<script src="/static/vendor/chart.umd.js">' in html
        assert '<script src="/static/js/dashboard.js">' in html
        assert '<script id="rates-data" type="application/json">' in html
        assert_no_cdn_and_no_inline_script(html)

    def test_the_vendored_chart_js_and_the_page_script_exist(self):
        # `make test` / `make run` copy Chart.js from node_modules (npm registry) into static/vendor/.
        chart = finders.find("vendor/chart.umd.js")
        assert chart, "run `make vendor` (npm ci) to copy Chart.js into static/vendor/"
        with open(chart, encoding="utf-8") as handle:
            assert "Chart.js v4" in handle.read(200)
        assert finders.find("js/dashboard.js")


class TestApi:
    def test_by_region_and_station(self, api_as, world, handled):
        client = api_as(world["committee"])
        year = timezone.localdate().year
        rows = client.get(f"/api/v1/stats/handling/?group_by=region&region=420000&from={year}-01-01").json()
        by_label = {r["group_label"]: r for r in rows}
        assert by_label["武汉市"]["registered"] == 3 and by_label["荆州市"]["submitted"] == 1
        rows = client.get("/api/v1/stats/handling/?group_by=station").json()
        station = world["stations"]["binhu"]
        (binhu,) = [r for r in rows if r["group_key"] == str(station.pk)]
        assert binhu["group_label"] == station.name and binhu["submitted"] == 1

    def test_result_classes_and_key_counts(self, api_as, world, handled):
        year = timezone.localdate().year
        rows = api_as(world["committee"]).get(f"/api/v1/stats/handling/?group_by=unit&from={year}-01-01").json()
        housing = next(r for r in rows if r["group_label"] == "江汉区住房和城市更新局")
        assert (housing["result_a"], housing["result_b"], housing["result_c"], housing["result_d"]) == (1, 0, 1, 0)
        assert housing["key_supervised"] == 1 and housing["assigned"] == 3
