"""Deputies' duty records (履职档案): figures counted by hand per deputy and summed per group, station and
level; scoping (a deputy sees only their own, committee staff their region); the .xlsx export; the API;
fixed query counts."""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from suggestions import services
from suggestions.models import HandlingUnit, Status
from tests.legislation.factories import ConsultationFactory, ContactPointFactory, OfficerFactory, OpinionFactory
from tests.liaison.factories import DeputyFactory, MandateFactory, MembershipFactory, UserFactory, region
from tests.stations.factories import StationDeputyFactory, StationFactory, VisitFactory

ZERO = {
    "visits_attended": 0,
    "led": 0,
    "cosigned": 0,
    "replied": 0,
    "result_a": 0,
    "result_b": 0,
    "result_c": 0,
    "result_d": 0,
    "closed": 0,
    "judged_satisfied": 0,
    "judged_basic": 0,
    "judged_unsatisfied": 0,
    "opinions": 0,
    "opinions_adopted": 0,
    "group_count": 0,
}
XIE = ZERO | {"visits_attended": 2, "led": 2, "replied": 1, "result_a": 1, "closed": 1, "judged_satisfied": 1}
XIE |= {"opinions": 2, "opinions_adopted": 1, "group_count": 1}
CHEN = ZERO | {"visits_attended": 2, "led": 1, "cosigned": 1, "replied": 2, "result_a": 1, "result_c": 1, "closed": 1}
CHEN |= {"judged_basic": 1, "judged_unsatisfied": 1}
LIU = ZERO | {"group_count": 1}


@pytest.fixture
def record(hubei, django_capture_on_commit_callbacks):
    """Given, this year: 谢爱娥 (group member, 滨湖 station) attended 2 visits, led suggestion `a` (co-signed
    by 陈志强, replied A, judged 满意 and 基本满意, closed) and `c` (waiting), and gave 2 legislative opinions
    as an information officer (1 adopted); 陈志强 (江欣苑 station) attended 2 visits and led `b` (replied C,
    judged 不满意); 刘洪 is in the group and did nothing. 谢爱娥 also attended a visit last year."""
    xie, chen = hubei["deputies"]["xie"], hubei["deputies"]["jianghan"]
    tangjiadun = region("420103003", "唐家墩街道", "township", hubei["regions"]["jianghan"])
    jxy = StationFactory(name="江欣苑社区人大代表联络站", region=tangjiadun)
    binhu = StationFactory(name="滨湖村人大代表联系点", region=hubei["regions"]["honghu"])
    StationDeputyFactory(station=jxy, deputy=chen)
    StationDeputyFactory(station=binhu, deputy=xie)
    VisitFactory(station=jxy, deputies=[chen])
    VisitFactory(station=jxy, deputies=[chen, xie])
    VisitFactory(station=binhu, deputies=[xie])
    VisitFactory(station=binhu, deputies=[xie], visited_at=timezone.now() - timedelta(days=400))

    unit = HandlingUnit.objects.create(name="江汉区住房和城市更新局", region=hubei["regions"]["jianghan"])
    unit_user = UserFactory(username="unit_staff")
    unit.staff.add(unit_user)
    committee = hubei["committee"]

    def run(service, suggestion, actor, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            service(suggestion_id=suggestion.pk, actor=actor, **kwargs)

    def handle(suggestion, result):
        run(services.suggestion_assign, suggestion, committee, lead_unit=unit)
        run(services.suggestion_accept, suggestion, unit_user)
        run(services.suggestion_reply, suggestion, unit_user, result=result, content="答复")

    with django_capture_on_commit_callbacks(execute=True):
        a = services.suggestion_submit(actor=xie.user, title="甲", content="关于湖区治理的建议", co_signers=[chen])
        b = services.suggestion_submit(actor=chen.user, title="乙", content="关于加装电梯的建议")
        services.suggestion_submit(actor=xie.user, title="丙", content="关于农村公路的建议")
    handle(a, "A")
    handle(b, "C")
    run(services.suggestion_judge, a, xie.user, satisfaction="satisfied")
    run(services.suggestion_judge, a, chen.user, satisfaction="basic")
    run(services.suggestion_judge, b, chen.user, satisfaction="unsatisfied")
    a.refresh_from_db()
    assert a.status == Status.CLOSED

    point = ContactPointFactory(region=hubei["regions"]["honghu"])
    officer = OfficerFactory(contact_point=point, deputy=xie)
    consultation = ConsultationFactory(contact_points=[point])
    today = timezone.localdate()
    OpinionFactory(consultation=consultation, officer=officer, submitted_on=today, outcome="adopted")
    OpinionFactory(consultation=consultation, officer=officer, submitted_on=today)
    OpinionFactory(consultation=consultation, submitted_on=today)  # someone else's
    return {"xie": xie, "chen": chen, "liu": hubei["deputies"]["honghu"], "jxy": jxy, "binhu": binhu}


def figures_of(obj) -> dict:
    get = obj.get if isinstance(obj, dict) else lambda name: getattr(obj, name)
    return {name: get(name) for name in ZERO}


class TestPerDeputy:
    def test_committee_sees_every_deputy_of_the_province(self, client, hubei, record):
        client.force_login(hubei["committee"])
        response = client.get("/records/")
        assert response.status_code == 200
        deputies = {d.name: figures_of(d) for d in response.context["page"]}
        assert deputies == {"谢爱娥": XIE, "陈志强": CHEN, "刘洪": LIU}

    def test_last_year(self, client, hubei, record):
        client.force_login(hubei["committee"])
        year = timezone.localdate().year - 1
        response = client.get("/records/", {"from": f"{year - 1}-01-01", "to": f"{year}-12-31"})
        deputies = {d.name: figures_of(d) for d in response.context["page"]}
        assert deputies["谢爱娥"] == ZERO | {"visits_attended": 1, "group_count": 1}

    def test_one_record_page(self, client, hubei, record):
        client.force_login(hubei["deputies"]["xie"].user)
        response = client.get(f"/records/{record['xie'].pk}/")
        assert response.status_code == 200 and figures_of(response.context["deputy"]) == XIE
        html = response.content.decode()
        assert f"deputy={record['xie'].pk}" in html and "谢爱娥的履职档案" in html


class TestSums:
    @pytest.mark.parametrize("group_by", ["group", "station", "level"])
    def test_summed_over_the_deputies(self, client, hubei, record, group_by):
        client.force_login(hubei["committee"])
        response = client.get("/records/", {"group_by": group_by})
        rows = {str(row["label"]): row for row in response.context["totals"]}

        def plus(*records):
            return {name: sum(r[name] for r in records) for name in ZERO}

        if group_by == "group":
            (row,) = rows.values()
            assert row["members"] == 2 and figures_of(row) == plus(XIE, LIU)
        elif group_by == "station":
            assert figures_of(rows["江欣苑社区人大代表联络站"]) == CHEN
            assert figures_of(rows["滨湖村人大代表联系点"]) == XIE
        else:
            # 谢爱娥 sits in the provincial and the 荆州 municipal congress; 陈志强 and 刘洪 at county level.
            assert figures_of(rows["省级"]) == XIE and figures_of(rows["设区的市级"]) == XIE
            assert rows["县级"]["members"] == 2 and figures_of(rows["县级"]) == plus(CHEN, LIU)


class TestScoping:
    def test_wuhan_committee_sees_only_wuhan_deputies(self, client, hubei, record):
        client.force_login(hubei["committee_wuhan"])
        response = client.get("/records/")
        assert [d.name for d in response.context["page"]] == ["陈志强"]
        assert client.get(f"/records/{record['xie'].pk}/").status_code == 404
        assert [str(r["label"]) for r in response.context["totals"]] == []  # the group is 湖北's, not Wuhan's

    def test_a_deputy_is_sent_to_their_own_record_and_sees_no_other(self, client, hubei, record):
        client.force_login(hubei["deputies"]["xie"].user)
        response = client.get("/records/")
        assert response.status_code == 302 and response["Location"] == f"/records/{record['xie'].pk}/"
        assert client.get(f"/records/{record['chen'].pk}/").status_code == 404

    def test_a_user_without_a_role_is_refused(self, client, hubei):
        client.force_login(UserFactory(username="nobody"))
        assert client.get("/records/").status_code == 403

    def test_deputies_are_refused_the_committee_dashboards(self, client, hubei):
        client.force_login(hubei["deputies"]["xie"].user)
        assert client.get("/suggestions/dashboard/").status_code == 403
        assert client.get("/stations/figures/").status_code == 403


class TestExport:
    def test_committee_export(self, client, hubei, record):
        client.force_login(hubei["committee"])
        response = client.get("/records/export.xlsx")
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content))
        assert book.sheetnames == [
            "代表履职档案",
            "代表履职档案按代表小组汇总",
            "代表履职档案按站点汇总",
            "代表履职档案按层级汇总",
        ]
        sheet = book["代表履职档案"]
        assert sheet["A1"].value == "代表履职档案"
        headers = [c.value for c in sheet[3]]
        rows = {row[0]: dict(zip(headers, row, strict=True)) for row in sheet.iter_rows(min_row=4, values_only=True)}
        assert set(rows) == {"谢爱娥", "陈志强", "刘洪"}
        assert rows["陈志强"]["接待群众"] == 2 and rows["陈志强"]["联名建议"] == 1 and rows["谢爱娥"]["立法意见"] == 2

    def test_a_deputy_exports_only_their_own(self, client, hubei, record):
        client.force_login(hubei["deputies"]["jianghan"].user)
        book = load_workbook(io.BytesIO(client.get("/records/export.xlsx").content))
        assert book.sheetnames == ["代表履职档案"]
        assert [row[0] for row in book.active.iter_rows(min_row=4, values_only=True)] == ["陈志强"]

    def test_formula_like_names_are_neutralised(self, client, hubei):
        deputy = DeputyFactory(name="=1+1")
        MandateFactory(deputy=deputy, term=hubei["terms"]["hubei"])
        client.force_login(hubei["committee"])
        book = load_workbook(io.BytesIO(client.get("/records/export.xlsx").content))
        names = [row[0] for row in book.active.iter_rows(min_row=4, values_only=True)]
        assert "'=1+1" in names


class TestQueries:
    def test_more_deputies_same_queries(self, client, hubei, record, django_assert_max_num_queries):
        client.force_login(hubei["committee"])
        with CaptureQueriesContext(connection) as queries:
            client.get("/records/")
        for _ in range(5):
            deputy = DeputyFactory()
            MandateFactory(deputy=deputy, term=hubei["terms"]["honghu"], region=hubei["regions"]["honghu"])
            MembershipFactory(group=hubei["group"], deputy=deputy)
            VisitFactory(station=record["binhu"], deputies=[deputy])
        with django_assert_max_num_queries(len(queries)):
            response = client.get("/records/")
        assert len(response.context["page"]) == 8


class TestApi:
    def test_own_record(self, api_as, hubei, record):
        body = api_as(hubei["deputies"]["xie"].user).get(f"/api/v1/deputies/{record['xie'].pk}/record/").json()
        assert {k: body[k] for k in ZERO} == XIE
        assert sorted(body["levels"]) == ["municipal", "provincial"] and body["group_names"] == [hubei["group"].name]

    def test_another_deputys_record_is_not_found(self, api_as, hubei, record):
        response = api_as(hubei["deputies"]["xie"].user).get(f"/api/v1/deputies/{record['chen'].pk}/record/")
        assert response.status_code == 404 and response.json()["detail"]

    def test_bad_dates_are_a_readable_400(self, api_as, hubei, record):
        client = api_as(hubei["committee"])
        response = client.get(f"/api/v1/deputies/{record['xie'].pk}/record/?from=2025-02-30")
        assert response.status_code == 400 and "from" in response.json()["errors"]
        response = client.get(f"/api/v1/deputies/{record['xie'].pk}/record/?from=2025-05-01&to=2025-04-01")
        assert response.status_code == 400 and "截止日期" in response.json()["detail"]

    def test_sums(self, api_as, hubei, record):
        client = api_as(hubei["committee"])
        rows = client.get("/api/v1/stats/deputies/?group_by=level").json()
        by_level = {r["key"]: r for r in rows}
        assert by_level["provincial"]["visits_attended"] == 2 and by_level["county"]["members"] == 2
        assert client.get("/api/v1/stats/deputies/?group_by=planet").status_code == 400
        assert api_as(hubei["deputies"]["xie"].user).get("/api/v1/stats/deputies/?group_by=level").status_code == 403
