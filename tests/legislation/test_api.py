import pytest

from legislation.models import Consultation, Opinion
from tests.legislation.factories import ConsultationFactory, DraftFactory, OfficerFactory, OpinionFactory, article

pytestmark = pytest.mark.django_db

API = "/api/v1/legislation/"


def ids(response):
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


def reported(consultation):
    Consultation.objects.filter(pk=consultation.pk).update(status=Consultation.Status.REPORTED)


class TestScoping:
    def test_staff_see_only_their_contact_points(self, api_as, lx):
        assert ids(api_as(lx.staff).get(API + "contact-points/")) == [lx.jxy.pk]

    def test_committee_sees_contact_points_in_its_region(self, api_as, lx):
        assert ids(api_as(lx.committee_wuhan).get(API + "contact-points/")) == [lx.jxy.pk]
        assert ids(api_as(lx.committee).get(API + "contact-points/")) == sorted([lx.jxy.pk, lx.honghu.pk])

    @pytest.mark.parametrize("path", ["contact-points/", "drafts/", "consultations/", "opinions/", "stats/"])
    def test_other_roles_are_refused(self, api_as, lx, path):
        assert api_as(lx.deputies["xie"].user).get(API + path).status_code == 403

    def test_anonymous_callers_are_refused(self, api, lx):
        assert api.get(API + "opinions/").status_code == 401

    def test_staff_see_only_opinions_of_their_contact_points(self, api_as, lx):
        mine = OpinionFactory(consultation=lx.consultation, contact_point=lx.jxy)
        OpinionFactory(consultation=lx.consultation, contact_point=lx.honghu)
        assert ids(api_as(lx.staff).get(API + "opinions/")) == [mine.pk]

    def test_committee_of_wuhan_does_not_see_opinions_from_jingzhou(self, api_as, lx):
        mine = OpinionFactory(consultation=lx.consultation, contact_point=lx.jxy)
        OpinionFactory(consultation=lx.consultation, contact_point=lx.honghu)
        assert ids(api_as(lx.committee_wuhan).get(API + "opinions/")) == [mine.pk]

    def test_staff_cannot_change_another_contact_points_opinion(self, api_as, lx):
        theirs = OpinionFactory(consultation=lx.consultation, contact_point=lx.honghu)
        response = api_as(lx.staff).patch(f"{API}opinions/{theirs.pk}/", {"content": "改"}, format="json")
        assert response.status_code == 404

    def test_committee_reads_but_does_not_write(self, api_as, lx):
        response = api_as(lx.committee).post(
            API + "opinions/",
            {"consultation": lx.consultation.pk, "content": "x", "submitter_name": "y"},
            format="json",
        )
        assert response.status_code == 403

    def test_staff_cannot_record_into_a_consultation_not_sent_to_them(self, api_as, lx):
        other = ConsultationFactory(contact_points=[lx.honghu])
        response = api_as(lx.staff).post(
            API + "opinions/", {"consultation": other.pk, "content": "意见", "submitter_name": "张"}, format="json"
        )
        assert response.status_code == 403
        assert not Opinion.objects.exists()


class TestMasking:
    def officer_phones(self, client):
        points = client.get(API + "contact-points/").json()["results"]
        return {o["name"]: o["phone"] for p in points for o in p["officers"]}

    def test_own_staff_and_admin_see_officers_phones_in_full(self, api_as, lx):
        assert self.officer_phones(api_as(lx.staff))["王梦"] == "13907141001"
        assert self.officer_phones(api_as(lx.admin))["刘洪波"] == "13872345000"

    def test_committee_sees_them_masked(self, api_as, lx):
        assert self.officer_phones(api_as(lx.committee)) == {"王梦": "139****1001", "刘洪波": "138****5000"}

    def test_submitter_phones_are_masked_for_committee(self, api_as, lx):
        opinion = OpinionFactory(consultation=lx.consultation, contact_point=lx.jxy, submitter_phone="13611112222")
        assert api_as(lx.committee).get(f"{API}opinions/{opinion.pk}/").json()["submitter_phone"] == "136****2222"
        assert api_as(lx.staff).get(f"{API}opinions/{opinion.pk}/").json()["submitter_phone"] == "13611112222"


class TestWrites:
    def test_an_opinion_from_the_four_fields_of_the_contract(self, api_as, lx):
        payload = {
            "consultation": lx.consultation.pk,
            "article": article(lx.draft, "第三条之一").pk,
            "content": "建议明确配合的方式。",
            "submitter_name": "王梦",
        }
        response = api_as(lx.staff).post(API + "opinions/", payload, format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["article_number"] == "第三条之一" and body["contact_point"] == lx.jxy.pk

    @pytest.mark.parametrize(
        "payload, field",
        [
            ({"content": "x", "submitter_name": "y"}, "consultation"),
            ({"consultation": 999999, "content": "x", "submitter_name": "y"}, "consultation"),
            ({"consultation": "abc", "content": "x", "submitter_name": "y"}, "consultation"),
            ({"consultation": None, "article": "x", "content": "", "submitter_name": "y"}, "consultation"),
        ],
    )
    def test_bad_input_is_a_readable_400(self, api_as, lx, payload, field):
        response = api_as(lx.staff).post(API + "opinions/", payload, format="json")
        assert response.status_code == 400
        assert field in response.json()["errors"]

    def test_an_article_of_another_draft_is_a_400_in_chinese(self, api_as, lx):
        payload = {
            "consultation": lx.consultation.pk,
            "article": article(DraftFactory(), "第一条").pk,
            "content": "x",
            "submitter_name": "y",
        }
        response = api_as(lx.staff).post(API + "opinions/", payload, format="json")
        assert response.status_code == 400
        assert "不属于" in response.json()["detail"]

    def test_opening_closing_and_reporting_over_the_api(self, api_as, lx):
        client = api_as(lx.staff)
        draft = DraftFactory()
        response = client.post(
            API + "consultations/",
            {"draft": draft.pk, "contact_points": [lx.jxy.pk], "deadline": "2099-01-31"},
            format="json",
        )
        assert response.status_code == 201, response.content
        pk = response.json()["id"]
        assert client.post(f"{API}consultations/{pk}/report/").status_code == 409
        assert client.post(f"{API}consultations/{pk}/close/").json()["status"] == "closed"
        assert client.post(f"{API}consultations/{pk}/report/").json()["status"] == "reported"

    def test_editing_a_reported_opinion_is_a_409(self, api_as, lx):
        opinion = OpinionFactory(consultation=lx.consultation, contact_point=lx.jxy)
        reported(lx.consultation)
        response = api_as(lx.staff).patch(f"{API}opinions/{opinion.pk}/", {"content": "改"}, format="json")
        assert response.status_code == 409
        assert "冻结" in response.json()["detail"]

    def test_adopt(self, api_as, lx):
        opinion = OpinionFactory(consultation=lx.consultation, contact_point=lx.jxy)
        client = api_as(lx.staff)
        assert (
            client.post(f"{API}opinions/{opinion.pk}/adopt/", {"outcome": "adopted"}, format="json").status_code == 409
        )
        reported(lx.consultation)
        response = client.post(
            f"{API}opinions/{opinion.pk}/adopt/", {"outcome": "adopted", "note": "已吸收"}, format="json"
        )
        assert response.status_code == 200
        assert (response.json()["outcome"], response.json()["outcome_note"]) == ("adopted", "已吸收")
        bad = client.post(f"{API}opinions/{opinion.pk}/adopt/", {"outcome": "perhaps"}, format="json")
        assert bad.status_code == 400 and "outcome" in bad.json()["errors"]

    def test_merge(self, api_as, lx):
        first = OpinionFactory(consultation=lx.consultation, contact_point=lx.jxy)
        second = OpinionFactory(consultation=lx.consultation, contact_point=lx.jxy)
        response = api_as(lx.staff).post(f"{API}opinions/{second.pk}/merge/", {"into": first.pk}, format="json")
        assert response.status_code == 200 and response.json()["merged_into"] == first.pk

    def test_a_draft_posted_as_text_comes_back_with_its_articles(self, api_as, lx):
        payload = {
            "title": "某条例",
            "legislature": "省人大常委会",
            "text": "第一章 总则\n第一条 甲。\n第一条之一 乙。",
        }
        response = api_as(lx.staff).post(API + "drafts/", payload, format="json")
        assert response.status_code == 201, response.content
        assert [a["number"] for a in response.json()["articles"]] == ["第一条", "第一条之一"]

    def test_a_draft_without_articles_is_a_400(self, api_as, lx):
        payload = {"title": "某条例", "legislature": "省人大常委会", "text": "没有条文的说明"}
        response = api_as(lx.staff).post(API + "drafts/", payload, format="json")
        assert response.status_code == 400 and "条文" in response.json()["detail"]


class TestFilters:
    @pytest.fixture
    def opinions(self, lx):
        reported(lx.consultation)
        return {
            "a": OpinionFactory(
                consultation=lx.consultation,
                contact_point=lx.jxy,
                article=article(lx.draft, "第一条"),
                channel="questionnaire",
                submitter_kind="expert",
                outcome="adopted",
            ),
            "b": OpinionFactory(consultation=lx.consultation, contact_point=lx.honghu, channel="hearing"),
            "c": OpinionFactory(
                consultation=ConsultationFactory(contact_points=[lx.jxy]),
                contact_point=lx.jxy,
                submitted_on="2023-03-01",
                content="关于茶园补偿的意见",
            ),
        }

    @pytest.mark.parametrize(
        "query, expected",
        [
            ("channel=questionnaire", ["a"]),
            ("submitter_kind=expert", ["a"]),
            ("outcome=adopted", ["a"]),
            ("outcome=pending", ["b", "c"]),
            ("general=true", ["b", "c"]),
            ("year=2023", ["c"]),
            ("date_from=2024-01-01", ["a", "b"]),
            ("date_to=2023-12-31", ["c"]),
            ("search=茶园", ["c"]),
        ],
    )
    def test_opinion_filters(self, api_as, lx, opinions, query, expected):
        assert ids(api_as(lx.admin).get(f"{API}opinions/?{query}")) == sorted(opinions[k].pk for k in expected)

    def test_a_year_beyond_the_calendar_is_a_400(self, api_as, lx):
        response = api_as(lx.admin).get(f"{API}opinions/?year=41023")
        assert response.status_code == 400 and "year" in response.json()["errors"]

    def test_opinion_filters_by_ids(self, api_as, lx, opinions):
        client = api_as(lx.admin)
        a = opinions["a"]
        assert ids(client.get(f"{API}opinions/?contact_point={lx.honghu.pk}")) == [opinions["b"].pk]
        assert ids(client.get(f"{API}opinions/?consultation={opinions['c'].consultation_id}")) == [opinions["c"].pk]
        assert ids(client.get(f"{API}opinions/?article={a.article_id}")) == [a.pk]
        assert ids(client.get(f"{API}opinions/?draft={lx.draft.pk}")) == sorted([a.pk, opinions["b"].pk])

    def test_merged_filter(self, api_as, lx):
        first = OpinionFactory(consultation=lx.consultation, contact_point=lx.jxy)
        second = OpinionFactory(consultation=lx.consultation, contact_point=lx.jxy, merged_into=first)
        assert ids(api_as(lx.admin).get(f"{API}opinions/?merged=true")) == [second.pk]
        assert ids(api_as(lx.admin).get(f"{API}opinions/?merged=false")) == [first.pk]

    def test_consultation_filters(self, api_as, lx):
        other = ConsultationFactory(contact_points=[lx.jxy], deadline="2099-01-01")
        reported(other)
        client = api_as(lx.admin)
        assert ids(client.get(f"{API}consultations/?status=reported")) == [other.pk]
        assert ids(client.get(f"{API}consultations/?contact_point={lx.honghu.pk}")) == [lx.consultation.pk]
        assert ids(client.get(f"{API}consultations/?draft={lx.draft.pk}")) == [lx.consultation.pk]
        assert ids(client.get(f"{API}consultations/?deadline_from=2099-01-01")) == [other.pk]
        assert ids(client.get(f"{API}consultations/?deadline_to=2098-12-31")) == [lx.consultation.pk]
        assert ids(client.get(f"{API}consultations/?search={lx.draft.title}")) == [lx.consultation.pk]

    def test_contact_point_filters(self, api_as, lx):
        client = api_as(lx.admin)
        assert ids(client.get(f"{API}contact-points/?region=420100")) == [lx.jxy.pk]
        assert ids(client.get(f"{API}contact-points/?legislature_level=national")) == []
        assert ids(client.get(f"{API}contact-points/?search=洪湖")) == [lx.honghu.pk]

    def test_draft_filters(self, api_as, lx):
        law = DraftFactory(kind="law", reading="second")
        client = api_as(lx.admin)
        assert ids(client.get(f"{API}drafts/?kind=law")) == [law.pk]
        assert ids(client.get(f"{API}drafts/?reading=second")) == [law.pk]
        assert ids(client.get(f"{API}drafts/?legislature_level=provincial")) == sorted([law.pk, lx.draft.pk])

    def test_an_invalid_choice_is_a_400(self, api_as, lx):
        response = api_as(lx.admin).get(f"{API}opinions/?channel=carrier-pigeon")
        assert response.status_code == 400 and "channel" in response.json()["detail"]


class TestQueryCounts:
    @pytest.mark.parametrize("path", ["contact-points/", "drafts/", "consultations/", "opinions/", "stats/"])
    def test_lists_use_a_fixed_number_of_queries(self, api_as, lx, django_assert_max_num_queries, path):
        for _ in range(30):
            consultation = ConsultationFactory(contact_points=[lx.jxy, lx.honghu])
            OpinionFactory(consultation=consultation, officer=OfficerFactory(contact_point=lx.jxy))
        client = api_as(lx.staff)
        with django_assert_max_num_queries(10):
            assert client.get(API + path + "?page_size=2").status_code == 200
        with django_assert_max_num_queries(10):
            assert client.get(API + path + "?page_size=100").status_code == 200
