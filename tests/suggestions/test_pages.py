import pytest
from django.urls import reverse

from suggestions import services
from suggestions.models import Attachment, Status, Suggestion

pytestmark = pytest.mark.django_db


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


class TestDeputyPages:
    def test_submit_with_co_signers_and_an_attachment(self, world, client, django_capture_on_commit_callbacks):
        from django.core.files.uploadedfile import SimpleUploadedFile

        client.force_login(world["deputies"]["jianghan"].user)
        congress = world["terms"]["jianghan"].congress
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("suggestions:submit"),
                {
                    "title": "关于增设社区食堂的建议",
                    "content": "老年人吃饭难",
                    "congress": congress.pk,
                    "category": world["categories"]["old_housing"].pk,
                    "files": [SimpleUploadedFile("调研报告.pdf", b"%PDF-1.4 report", content_type="application/pdf")],
                },
            )
        suggestion = Suggestion.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse(
            "suggestions:detail", args=[suggestion.pk]
        )
        assert suggestion.congress == congress and suggestion.status == Status.ASSIGNED
        assert Attachment.objects.get().name == "调研报告.pdf"

    def test_a_bad_attachment_keeps_what_was_typed(self, world, client):
        from django.core.files.uploadedfile import SimpleUploadedFile

        client.force_login(world["deputies"]["jianghan"].user)
        response = client.post(
            reverse("suggestions:submit"),
            {
                "title": "关于增设社区食堂的建议",
                "content": "老年人吃饭难",
                "congress": world["terms"]["jianghan"].congress.pk,
                "files": [SimpleUploadedFile("病毒.exe", b"MZ", content_type="application/octet-stream")],
            },
        )
        page = response.content.decode()
        assert "类型不支持" in page and "关于增设社区食堂的建议" in page and "老年人吃饭难" in page
        assert not Suggestion.objects.exists()

    def test_similar_suggestions_are_shown_while_typing(self, world, client, submit):
        existing = submit(title="关于老旧小区加装电梯的建议")
        client.force_login(world["deputies"]["jianghan"].user)
        fragment = page_of(client, reverse("suggestions:similar") + "?title=老旧小区加装电梯补贴&content=")
        assert existing.title in fragment

    def test_my_suggestions_with_the_timeline_and_the_judge_form(self, world, client, submit, act):
        suggestion = submit()
        unit_user = world["staff"]["unit_staff"]
        act(services.suggestion_accept, suggestion, unit_user)
        act(services.suggestion_reply, suggestion, unit_user, result="B", content="已开工")
        client.force_login(world["deputies"]["jianghan"].user)
        assert suggestion.title in page_of(client, reverse("suggestions:list"))
        page = page_of(client, reverse("suggestions:detail", args=[suggestion.pk]))
        for step in ("提交", "交办", "承办单位接收", "答复"):
            assert f"<strong>{step}</strong>" in page
        assert 'id="action-judge"' in page and 'id="action-reply"' not in page

    def test_judging_through_the_page(self, world, client, submit, act):
        suggestion = submit()
        unit_user = world["staff"]["unit_staff"]
        act(services.suggestion_accept, suggestion, unit_user)
        act(services.suggestion_reply, suggestion, unit_user, result="A", content="已解决")
        client.force_login(world["deputies"]["jianghan"].user)
        url = reverse("suggestions:act", args=[suggestion.pk, "judge"])
        assert client.post(url, {"satisfaction": "basic"}).status_code == 302
        assert Suggestion.objects.get(pk=suggestion.pk).status == Status.CLOSED


class TestUnitPages:
    def test_inbox_tabs(self, world, client, submit):
        submit()
        client.force_login(world["staff"]["unit_staff"])
        page = page_of(client, reverse("suggestions:unit-inbox"))
        assert "待接收 <b>1</b>" in page and "关于加快老旧小区加装电梯的建议" in page
        assert "关于加快" not in page_of(client, reverse("suggestions:unit-inbox") + "?tab=overdue")

    def test_a_late_return_is_a_form_error_and_keeps_the_reason(self, world, client, submit):
        suggestion = submit()
        suggestion.assignments.update(assigned_at="2020-01-06T09:00:00+08:00")
        client.force_login(world["staff"]["unit_staff"])
        response = client.post(reverse("suggestions:act", args=[suggestion.pk, "return"]), {"reason": "不属本单位职责"})
        page = response.content.decode()
        assert response.status_code == 400
        assert "已超过退回期限" in page and "不属本单位职责" in page
        assert Suggestion.objects.get(pk=suggestion.pk).status == Status.ASSIGNED

    def test_other_units_cannot_open_it_and_deputies_cannot_reply(self, world, client, submit):
        suggestion = submit()
        client.force_login(world["staff"]["unit_water"])
        assert client.get(reverse("suggestions:detail", args=[suggestion.pk])).status_code == 404
        client.force_login(world["deputies"]["jianghan"].user)
        url = reverse("suggestions:act", args=[suggestion.pk, "accept"])
        assert client.post(url).status_code == 403


class TestCommitteePages:
    def test_triage_shows_the_suggested_unit_and_assigning_works(self, world, client, submit):
        from suggestions.models import RoutingRule

        waiting = submit(category="school")
        RoutingRule.objects.create(
            category=world["categories"]["school"],
            region=world["regions"]["jianghan"],
            lead_unit=world["units"]["schools"],
        )
        client.force_login(world["committee"])
        page = page_of(client, reverse("suggestions:triage"))
        assert waiting.title in page and "江汉区教育局" in page
        response = client.post(
            reverse("suggestions:act", args=[waiting.pk, "assign"]), {"lead_unit": world["units"]["schools"].pk}
        )
        assert response.status_code == 302
        assert Suggestion.objects.get(pk=waiting.pk).lead_unit == world["units"]["schools"]

    def test_key_supervision_list(self, world, client, submit, act):
        suggestion = submit()
        client.force_login(world["committee"])
        client.post(reverse("suggestions:act", args=[suggestion.pk, "key"]), {"key": "on"})
        assert suggestion.title in page_of(client, reverse("suggestions:key-list"))

    def test_pages_need_the_role(self, world, client):
        client.force_login(world["deputies"]["jianghan"].user)
        assert client.get(reverse("suggestions:triage")).status_code == 403
        assert client.get(reverse("suggestions:unit-inbox")).status_code == 403

    def test_lists_use_a_fixed_number_of_queries(self, world, client, submit, django_assert_max_num_queries):
        for index in range(25):
            submit(title=f"建议{index}", category="school" if index % 2 else "old_housing")
        client.force_login(world["committee"])
        for url in (reverse("suggestions:list"), reverse("suggestions:triage"), reverse("suggestions:key-list")):
            with django_assert_max_num_queries(14):
                assert client.get(url).status_code == 200


class TestStationAndPublicPages:
    def test_station_staff_turn_a_visit_into_a_suggestion(self, world, client, django_capture_on_commit_callbacks):
        client.force_login(world["station_staff"])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("suggestions:from-visit", args=[world["visit"].pk]))
        suggestion = Suggestion.objects.get()
        assert response["Location"] == reverse("suggestions:detail", args=[suggestion.pk])
        page = page_of(client, reverse("stations:visit-list"))
        assert "已转为意见建议" in page

    def test_public_opinion_form_answers_with_a_code(self, world, client):
        station = world["stations"]["jiangxinyuan"]
        url = reverse("suggestions:public-opinion") + f"?station={station.pk}"
        assert "反映意见建议" in page_of(client, url)
        response = client.post(url, {"content": "路灯不亮", "name": "李秀英", "phone": "13812341234"})
        code = Suggestion.objects.get().tracking_code
        assert code in response.content.decode()
        tracking = page_of(client, reverse("suggestions:track-code", args=[code]))
        assert "已提交" in tracking
        for private in ("李秀英", "13812341234", "路灯"):
            assert private not in tracking

    def test_public_form_errors_are_chinese_and_the_rate_is_limited(self, world, client):
        url = reverse("suggestions:public-opinion") + f"?station={world['stations']['jiangxinyuan'].pk}"
        assert "该字段是必填项" in client.post(url, {"content": ""}).content.decode()
        for _ in range(9):
            client.post(url, {"content": "意见"})
        limited = client.post(url, {"content": "第十一条"})
        assert limited.status_code == 429 and "提交过于频繁" in limited.content.decode()

    def test_the_station_and_deputy_pages_link_to_the_opinion_form(self, world, client):
        station_page = page_of(client, reverse("stations:public-station", args=[world["stations"]["jiangxinyuan"].pk]))
        assert f"{reverse('suggestions:public-opinion')}?station=" in station_page
        deputy = world["deputies"]["jianghan"]
        deputy_page = page_of(client, reverse("stations:public-deputy", args=[deputy.public_id]))
        assert f"deputy={deputy.public_id}" in deputy_page

    def test_an_unknown_code_says_so(self, client, db):
        assert "未找到该查询码" in page_of(client, reverse("suggestions:track") + "?code=NOPE")


class TestUnitDetailPage:
    def test_reply_comes_first_and_return_is_offered_only_within_its_time_limit(self, world, client, submit, act):
        suggestion = submit()
        act(services.suggestion_accept, suggestion, world["staff"]["unit_staff"])
        client.force_login(world["staff"]["unit_staff"])
        page = page_of(client, reverse("suggestions:detail", args=[suggestion.pk]))
        assert page.index('id="action-reply"') < page.index('id="action-return"')
        suggestion.assignments.update(assigned_at="2020-01-06T09:00:00+08:00")
        page = page_of(client, reverse("suggestions:detail", args=[suggestion.pk]))
        assert 'id="action-reply"' in page and 'id="action-return"' not in page
