import pytest

from suggestions.models import Status, Suggestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def routed(world, submit):
    return submit()


def post(client, path, data=None):
    return client.post(path, data or {}, format="json")


class TestSubmitAndActions:
    def test_a_deputy_submits_with_the_minimal_fields(self, world, api_as, django_capture_on_commit_callbacks):
        client = api_as(world["deputies"]["jianghan"].user)
        with django_capture_on_commit_callbacks(execute=True):
            response = post(
                client,
                "/api/v1/suggestions/",
                {
                    "title": "关于老旧小区加装电梯的建议",
                    "content": "居民上下楼难",
                    "category": world["categories"]["old_housing"].pk,
                },
            )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["lead_deputy_name"] == "陈志强" and body["status"] == "submitted"
        assert Suggestion.objects.get().status == Status.ASSIGNED  # routed after commit

    def test_missing_title_is_a_readable_400(self, world, api_as):
        response = post(api_as(world["deputies"]["jianghan"].user), "/api/v1/suggestions/", {"content": "x"})
        assert response.status_code == 400 and "title" in response.json()["errors"]

    def test_status_cannot_be_written(self, world, api_as, routed):
        client = api_as(world["deputies"]["jianghan"].user)
        assert client.patch(f"/api/v1/suggestions/{routed.pk}/", {"status": "closed"}, format="json").status_code == 405

    def test_unit_accepts_and_replies_and_deputy_judges(
        self, world, api_as, routed, django_capture_on_commit_callbacks
    ):
        path = f"/api/v1/suggestions/{routed.pk}"
        unit = api_as(world["staff"]["unit_staff"])
        assert post(unit, f"{path}/accept/").json()["status"] == "handling"
        reply = post(unit, f"{path}/reply/", {"result": "A", "content": "已完成", "face_to_face": True})
        assert reply.json()["status"] == "replied"
        deputy = api_as(world["deputies"]["jianghan"].user)
        assert post(deputy, f"{path}/judge/", {"satisfaction": "satisfied"}).json()["status"] == "closed"
        events = deputy.get(f"{path}/events/").json()
        assert [e["action_label"] for e in events] == ["提交", "交办", "承办单位接收", "答复", "代表评价", "办结"]

    def test_a_state_conflict_is_a_409_with_the_reason(self, world, api_as, routed):
        response = post(
            api_as(world["staff"]["unit_staff"]),
            f"/api/v1/suggestions/{routed.pk}/reply/",
            {"result": "A", "content": "x"},
        )
        assert response.status_code == 409
        assert response.json()["detail"] == "该建议当前为“已交办”，不能答复"

    def test_bad_choices_are_400(self, world, api_as, routed):
        unit = api_as(world["staff"]["unit_staff"])
        post(unit, f"/api/v1/suggestions/{routed.pk}/accept/")
        response = post(unit, f"/api/v1/suggestions/{routed.pk}/reply/", {"result": "E", "content": "x"})
        assert response.status_code == 400 and "result" in response.json()["errors"]

    @pytest.mark.parametrize(
        "who, action, data, expected",
        [
            ("unit_staff", "assign", {"lead_unit": "water"}, 403),
            ("deputy", "reply", {"result": "A", "content": "x"}, 403),
            ("unit_schools", "reply", {"result": "A", "content": "x"}, 403),  # a co-unit may not reply
            ("committee_wuhan", "decline", {"reason": "no_substance"}, 409),  # in region, but assigned already
            ("deputy", "withdraw", {}, 200),
            ("committee", "key", {"key": True}, 200),
            ("committee", "extend", {"due_at": "2099-01-01", "reason": "复杂"}, 400),
        ],
    )
    def test_who_may_do_what(self, world, api_as, routed, who, action, data, expected):
        users = {"deputy": world["deputies"]["jianghan"].user, **world["staff"]}
        user = users.get(who) or world[who]
        if data.get("lead_unit"):
            data = {"lead_unit": world["units"][data["lead_unit"]].pk}
        response = post(api_as(user), f"/api/v1/suggestions/{routed.pk}/{action}/", data)
        assert response.status_code == expected, response.content

    def test_assign_and_merge_over_the_api(self, world, api_as, submit):
        first, second = submit(category="school"), submit(category="school", title="加装电梯补贴")
        committee = api_as(world["committee"])
        response = post(
            committee,
            f"/api/v1/suggestions/{first.pk}/assign/",
            {
                "lead_unit": world["units"]["schools"].pk,
                "co_units": [world["units"]["water"].pk],
                "due_at": "2027-01-15",
            },
        )
        assert response.json()["lead_unit_name"] == "江汉区教育局" and response.json()["due_on"] == "2027-01-15"
        merged = post(committee, f"/api/v1/suggestions/{second.pk}/merge/", {"into": first.pk})
        assert merged.json()["status"] == "merged" and merged.json()["merged_into"] == first.pk
        assert post(committee, f"/api/v1/suggestions/{first.pk}/merge/", {"into": 999999}).status_code == 400


class TestVisibility:
    def test_each_role_sees_its_own(self, world, api_as, submit):
        jianghan = submit()
        provincial = submit(deputy="xie", category="school")
        ids = lambda user: sorted(r["id"] for r in api_as(user).get("/api/v1/suggestions/").json()["results"])  # noqa: E731
        assert ids(world["deputies"]["jianghan"].user) == [jianghan.pk]
        assert ids(world["deputies"]["xie"].user) == [provincial.pk]
        assert ids(world["staff"]["unit_staff"]) == [jianghan.pk]
        assert ids(world["staff"]["unit_water"]) == []
        assert ids(world["committee_wuhan"]) == [jianghan.pk]
        assert ids(world["committee"]) == sorted([jianghan.pk, provincial.pk])
        other = api_as(world["staff"]["unit_water"]).get(f"/api/v1/suggestions/{jianghan.pk}/")
        assert other.status_code == 404


class TestFilters:
    @pytest.fixture
    def three(self, world, submit, act):
        from suggestions import services

        routed = submit()
        triage = submit(category="school", title="学校周边交通")
        provincial = submit(deputy="xie", category="school", title="洪湖生态补偿")
        act(services.suggestion_set_key, routed, world["committee"], key=True)
        return {"routed": routed, "triage": triage, "provincial": provincial}

    @pytest.mark.parametrize(
        "query, expected",
        [
            ("status=assigned", ["routed"]),
            ("status=submitted&status=assigned", ["routed", "triage", "provincial"]),
            ("key=true", ["routed"]),
            ("level=provincial", ["provincial"]),
            ("region=420100", ["routed", "triage"]),
            ("overdue=false", ["routed", "triage", "provincial"]),
            ("overdue=true", []),
            ("search=交通", ["triage"]),
        ],
    )
    def test_filters(self, world, api_as, three, query, expected):
        results = api_as(world["committee"]).get(f"/api/v1/suggestions/?{query}").json()["results"]
        assert sorted(r["id"] for r in results) == sorted(three[k].pk for k in expected)

    def test_category_includes_children_and_unit_and_deputy_filters(self, world, api_as, three):
        client = api_as(world["committee"])
        get = lambda q: sorted(r["id"] for r in client.get(f"/api/v1/suggestions/?{q}").json()["results"])  # noqa: E731
        assert get(f"category={world['categories']['education'].pk}") == sorted(
            [three["triage"].pk, three["provincial"].pk]
        )
        assert get(f"unit={world['units']['housing'].pk}") == [three["routed"].pk]
        assert get(f"deputy={world['deputies']['xie'].pk}") == [three["provincial"].pk]

    def test_an_invalid_filter_is_a_400(self, world, api_as):
        response = api_as(world["committee"]).get("/api/v1/suggestions/?status=lost")
        assert response.status_code == 400 and "status" in response.json()["detail"]


def test_the_list_uses_a_fixed_number_of_queries(world, api_as, submit, django_assert_max_num_queries):
    for index in range(30):
        submit(title=f"建议{index}", co_signers=[world["deputies"]["xie"]])
    client = api_as(world["committee"])
    with django_assert_max_num_queries(10):
        assert len(client.get("/api/v1/suggestions/?page_size=3").json()["results"]) == 3
    with django_assert_max_num_queries(10):
        assert len(client.get("/api/v1/suggestions/?page_size=30").json()["results"]) == 30


class TestPublicPath:
    def test_opinion_gets_a_code_and_tracking_shows_no_personal_data(
        self, world, api, django_capture_on_commit_callbacks
    ):
        station = world["stations"]["jiangxinyuan"]
        with django_capture_on_commit_callbacks(execute=True):
            response = api.post(
                "/api/v1/public/opinions/",
                {
                    "station": station.pk,
                    "content": "小区门口路灯坏了三个月",
                    "name": "李秀英",
                    "phone": "13812341234",
                },
                format="json",
            )
        assert response.status_code == 201
        code = response.json()["tracking_code"]
        track = api.get(f"/api/v1/track/{code}/")
        assert track.status_code == 200 and track.json()["status"] == "submitted"
        text = track.content.decode()
        for private in ("李秀英", "13812341234", "1234", "路灯"):
            assert private not in text
        suggestion = Suggestion.objects.get(tracking_code=code)
        assert suggestion.kind == "public" and suggestion.source_station == station

    def test_station_staff_see_the_phone_committee_sees_it_masked(
        self, world, api, api_as, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            api.post(
                "/api/v1/public/opinions/",
                {
                    "station": world["stations"]["jiangxinyuan"].pk,
                    "content": "噪音扰民",
                    "name": "李秀英",
                    "phone": "13812341234",
                },
                format="json",
            )
        pk = Suggestion.objects.get().pk
        assert (
            api_as(world["station_staff"]).get(f"/api/v1/suggestions/{pk}/").json()["submitter_phone"] == "13812341234"
        )
        masked = api_as(world["committee"]).get(f"/api/v1/suggestions/{pk}/").json()
        assert masked["submitter_phone"] == "138****1234" and masked["submitter_name"] == "李**"

    def test_bad_public_input_is_a_readable_400(self, world, api):
        assert api.post("/api/v1/public/opinions/", {"content": "x"}, format="json").json()["detail"] == (
            "请选择要反映意见的站点或代表"
        )
        bad_phone = api.post("/api/v1/public/opinions/", {"station": 1, "content": "x", "phone": "abc"}, format="json")
        assert bad_phone.status_code == 400 and "电话号码格式不正确" in bad_phone.json()["detail"]
        assert api.get("/api/v1/track/NOSUCHCODE/").status_code == 404

    def test_public_opinions_are_rate_limited(self, world, api, monkeypatch):
        from rest_framework import throttling

        # Patched where every throttle reads it, and undone after: a later test's own rates apply.
        monkeypatch.setattr(throttling.SimpleRateThrottle, "THROTTLE_RATES", {"public": "3/hour", "login": "9/min"})
        data = {"station": world["stations"]["jiangxinyuan"].pk, "content": "意见"}
        codes = [api.post("/api/v1/public/opinions/", data, format="json").status_code for _ in range(4)]
        assert codes == [201, 201, 201, 429]


class TestVisitToSuggestion:
    def test_station_staff_turn_a_visit_into_an_opinion_once(self, world, api_as, django_capture_on_commit_callbacks):
        client = api_as(world["station_staff"])
        path = f"/api/v1/visits/{world['visit'].pk}/to-suggestion/"
        with django_capture_on_commit_callbacks(execute=True):
            response = post(client, path, {"title": "二次供水水压不足"})
        assert response.status_code == 201
        suggestion = Suggestion.objects.get()
        assert suggestion.source_visit == world["visit"] and suggestion.status == Status.ASSIGNED  # routed by category
        assert list(suggestion.co_signers.all()) == [world["deputies"]["jianghan"]]
        world["visit"].refresh_from_db()
        assert world["visit"].outcome == "to_suggestion"
        assert post(client, path).status_code == 409

    def test_other_stations_staff_may_not(self, world, api_as):
        response = post(api_as(world["station_staff_2"]), f"/api/v1/visits/{world['visit'].pk}/to-suggestion/")
        assert response.status_code == 403


class TestHandlingRates:
    def test_figures_by_unit(self, world, api_as, submit, act):
        from suggestions import services

        unit_user, deputy_user = world["staff"]["unit_staff"], world["deputies"]["jianghan"].user
        closed, replied, open_ = submit(), submit(title="二"), submit(title="三")
        for suggestion, result, face in ((closed, "A", True), (replied, "C", False)):
            act(services.suggestion_accept, suggestion, unit_user)
            act(services.suggestion_reply, suggestion, unit_user, result=result, content="答复", face_to_face=face)
        act(services.suggestion_judge, closed, deputy_user, satisfaction="basic")
        act(services.suggestion_judge, replied, deputy_user, satisfaction="unsatisfied")
        rows = api_as(world["committee"]).get("/api/v1/stats/handling/?group_by=unit").json()
        (row,) = rows
        assert row["group_label"] == "江汉区住房和城市更新局"
        # Sent back after 不满意, the second one still counts as replied (with result C).
        assert (row["registered"], row["closed"], row["replied"], row["judged"], row["satisfied"]) == (3, 1, 2, 2, 1)
        assert row["closed_rate"] == round(1 / 3, 4) and row["satisfaction_rate"] == 0.5
        assert row["a_rate"] == 0.5 and row["face_to_face_rate"] == 0.5 and row["on_time_rate"] == 1.0
        assert open_.status == Status.ASSIGNED

    def test_group_by_is_required_and_checked(self, world, api_as):
        response = api_as(world["committee"]).get("/api/v1/stats/handling/?group_by=planet")
        assert response.status_code == 400 and "group_by" in response.json()["errors"]

    @pytest.mark.parametrize("group_by", ["category", "level", "month"])
    def test_other_groupings(self, world, api_as, submit, group_by):
        submit()
        submit(deputy="xie", category="school")
        rows = api_as(world["committee"]).get(f"/api/v1/stats/handling/?group_by={group_by}&from=2020-01-01").json()
        assert sum(r["submitted"] for r in rows) == 2
