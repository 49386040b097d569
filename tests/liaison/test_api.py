import pytest
from django.urls import reverse

from liaison.models import Deputy
from tests.liaison.factories import DeputyFactory, MandateFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def names(response):
    assert response.status_code == 200, response.content
    return sorted(row["name"] for row in response.json()["results"])


class TestTokenAuth:
    def test_valid_credentials_get_a_token_that_authenticates(self, api, hubei):
        response = api.post("/api/v1/auth/token/", {"username": "deputy", "password": "pass-1234"}, format="json")
        assert response.status_code == 200
        api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
        assert api.get("/api/v1/me/").json()["username"] == "deputy"

    def test_wrong_password_is_refused_with_a_readable_reason(self, api, hubei):
        response = api.post("/api/v1/auth/token/", {"username": "deputy", "password": "nope"}, format="json")
        assert response.status_code == 401
        assert response.json()["detail"] == "用户名或密码不正确"

    def test_missing_fields_are_a_400_naming_the_field(self, api, db):
        response = api.post("/api/v1/auth/token/", {"username": "deputy"}, format="json")
        assert response.status_code == 400
        assert "password" in response.json()["errors"]

    def test_anonymous_callers_are_refused(self, api, db):
        assert api.get("/api/v1/deputies/").status_code == 401


class TestMe:
    def test_deputy_sees_its_role_and_deputy_id(self, api_as, hubei):
        me = api_as(hubei["deputies"]["xie"].user).get("/api/v1/me/").json()
        assert me["roles"] == ["deputy"]
        assert me["deputy"] == hubei["deputies"]["xie"].pk

    def test_committee_sees_its_region(self, api_as, hubei):
        me = api_as(hubei["committee_wuhan"]).get("/api/v1/me/").json()
        assert me["roles"] == ["committee"]
        assert me["region"] == "420100"
        assert me["stations"] == [] and me["units"] == [] and me["contact_points"] == []

    def test_admin_role(self, api_as, hubei):
        assert api_as(hubei["admin"]).get("/api/v1/me/").json()["roles"] == ["admin"]


class TestDeputyFilters:
    def test_level(self, api_as, hubei):
        assert names(api_as(hubei["admin"]).get("/api/v1/deputies/?level=county")) == ["刘洪", "陈志强"]

    def test_region_prefix_includes_everything_under_it(self, api_as, hubei):
        assert names(api_as(hubei["admin"]).get("/api/v1/deputies/?region=420100")) == ["陈志强"]

    def test_level_and_region_apply_to_the_same_mandate(self, api_as, hubei):
        # 谢爱娥 has a provincial seat and a seat elected in 洪湖市, but no county seat there.
        assert names(api_as(hubei["admin"]).get("/api/v1/deputies/?level=county&region=421083")) == ["刘洪"]
        assert names(api_as(hubei["admin"]).get("/api/v1/deputies/?level=municipal&region=421083")) == ["谢爱娥"]

    def test_congress(self, api_as, hubei):
        congress = hubei["terms"]["jingzhou"].congress_id
        assert names(api_as(hubei["admin"]).get(f"/api/v1/deputies/?congress={congress}")) == ["谢爱娥"]

    def test_group(self, api_as, hubei):
        assert names(api_as(hubei["admin"]).get(f"/api/v1/deputies/?group={hubei['group'].pk}")) == ["刘洪", "谢爱娥"]

    def test_search_by_name(self, api_as, hubei):
        assert names(api_as(hubei["admin"]).get("/api/v1/deputies/?search=志强")) == ["陈志强"]

    def test_an_invalid_level_is_a_readable_400(self, api_as, hubei):
        response = api_as(hubei["admin"]).get("/api/v1/deputies/?level=galactic")
        assert response.status_code == 400
        assert "level" in response.json()["detail"]

    def test_each_deputy_lists_its_mandates_with_their_levels(self, api_as, hubei):
        xie = api_as(hubei["admin"]).get(f"/api/v1/deputies/{hubei['deputies']['xie'].pk}/").json()
        assert xie["levels"] == ["municipal", "provincial"]
        assert {m["congress"] for m in xie["mandates"]} == {"湖北省人民代表大会", "荆州市人民代表大会"}


class TestScoping:
    def test_committee_of_wuhan_sees_only_deputies_under_wuhan(self, api_as, hubei):
        assert names(api_as(hubei["committee_wuhan"]).get("/api/v1/deputies/")) == ["陈志强"]

    def test_provincial_committee_sees_the_whole_province(self, api_as, hubei):
        assert names(api_as(hubei["committee"]).get("/api/v1/deputies/")) == ["刘洪", "谢爱娥", "陈志强"]

    def test_committee_of_wuhan_cannot_open_a_deputy_outside_its_region(self, api_as, hubei):
        response = api_as(hubei["committee_wuhan"]).get(f"/api/v1/deputies/{hubei['deputies']['xie'].pk}/")
        assert response.status_code == 404

    def test_regions_are_scoped_for_committee(self, api_as, hubei):
        codes = [r["code"] for r in api_as(hubei["committee_wuhan"]).get("/api/v1/regions/").json()["results"]]
        assert codes == ["420100", "420103", "420103003"]

    def test_phones_are_masked_except_for_committee_admin_and_the_deputy_itself(self, api_as, hubei):
        path = f"/api/v1/deputies/{hubei['deputies']['xie'].pk}/"
        assert api_as(hubei["deputies"]["jianghan"].user).get(path).json()["phone"] == "138****5678"
        assert api_as(hubei["deputies"]["xie"].user).get(path).json()["phone"] == "13872345678"
        assert api_as(hubei["committee"]).get(path).json()["phone"] == "13872345678"

    def test_deputies_may_read_but_not_change_reference_data(self, api_as, hubei):
        response = api_as(hubei["deputies"]["xie"].user).patch(
            f"/api/v1/deputies/{hubei['deputies']['xie'].pk}/", {"name": "改名"}, format="json"
        )
        assert response.status_code == 403
        assert Deputy.objects.get(pk=hubei["deputies"]["xie"].pk).name == "谢爱娥"

    def test_committee_can_correct_a_deputy(self, api_as, hubei):
        response = api_as(hubei["committee"]).patch(
            f"/api/v1/deputies/{hubei['deputies']['honghu'].pk}/", {"occupation": "洪湖市某村村委会主任"}, format="json"
        )
        assert response.status_code == 200
        assert Deputy.objects.get(pk=hubei["deputies"]["honghu"].pk).occupation == "洪湖市某村村委会主任"


class TestOtherLists:
    def test_regions_under_filter(self, api_as, hubei):
        response = api_as(hubei["admin"]).get("/api/v1/regions/?under=421000")
        assert [r["code"] for r in response.json()["results"]] == ["421000", "421083"]

    def test_congresses_by_level(self, api_as, hubei):
        assert names(api_as(hubei["admin"]).get("/api/v1/congresses/?level=county")) == [
            "江汉区人民代表大会",
            "洪湖市人民代表大会",
        ]

    def test_groups_count_members_per_level(self, api_as, hubei):
        group = api_as(hubei["admin"]).get(f"/api/v1/groups/{hubei['group'].pk}/").json()
        assert group["member_count"] == 2
        assert group["level_counts"] == {"provincial": 1, "municipal": 1, "county": 1}

    def test_groups_filter_by_member(self, api_as, hubei):
        response = api_as(hubei["admin"]).get(f"/api/v1/groups/?member={hubei['deputies']['jianghan'].pk}")
        assert response.json()["count"] == 0


class TestQueryCounts:
    @pytest.mark.parametrize(
        "path", ["/api/v1/deputies/", "/api/v1/groups/", "/api/v1/congresses/", "/api/v1/regions/"]
    )
    def test_lists_use_a_fixed_number_of_queries(self, api_as, hubei, django_assert_max_num_queries, path):
        for _ in range(40):
            deputy = DeputyFactory()
            MandateFactory(deputy=deputy, term=hubei["terms"]["jianghan"], region=hubei["regions"]["jianghan"])
            MembershipFactory(deputy=deputy)
        client = api_as(hubei["committee"])
        with django_assert_max_num_queries(9):  # 8 + the personal-data access record (deputy phones)
            assert client.get(path + "?page_size=5").status_code == 200
        with django_assert_max_num_queries(9):  # 8 + the personal-data access record (deputy phones)
            assert client.get(path + "?page_size=50").status_code == 200


class TestSchema:
    def test_openapi_schema_as_json(self, api, db):
        response = api.get("/api/v1/schema/?format=json")
        assert response.status_code == 200
        schema = response.json()
        assert schema["openapi"].startswith("3.")
        assert "/api/v1/deputies/" in schema["paths"]

    def test_docs_are_served_without_a_cdn(self, client, db):
        page = client.get(reverse("api-docs")).content.decode()
        assert "swagger-ui" in page
        assert "cdn" not in page.lower() and "unpkg" not in page.lower()
