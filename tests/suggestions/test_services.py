from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from liaison.errors import DomainError, NotPermitted
from liaison.models import Notification
from suggestions import services
from suggestions.models import Assignment, CalendarDay, Reply, Status, Suggestion

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour=10):
    return time_machine.travel(datetime(year, month, day, hour, tzinfo=SHANGHAI), tick=False)


def chain(suggestion):
    return list(suggestion.events.values_list("action", flat=True))


def inbox(user):
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


class TestSubmitAndRoute:
    def test_a_matching_rule_assigns_at_once_to_lead_and_co_units(self, world, submit):
        with at(2026, 11, 2):
            suggestion = submit()
        assert suggestion.status == Status.ASSIGNED
        assert suggestion.lead_unit == world["units"]["housing"]
        assert suggestion.due_on == date(2027, 2, 2)  # three months
        co = suggestion.assignments.get(role=Assignment.Role.CO)
        assert co.unit == world["units"]["schools"] and co.due_on == date(2026, 12, 2)  # one month
        assert chain(suggestion) == ["submit", "assign"]
        assert any(t.startswith("新交办建议（主办）") for t in inbox(world["staff"]["unit_staff"]))
        assert "unit_staff@example.org" in [m.to[0] for m in mail.outbox]

    def test_without_a_rule_it_waits_in_triage_and_the_committee_is_told(self, world, submit):
        suggestion = submit(category="school")
        assert suggestion.status == Status.SUBMITTED
        assert chain(suggestion) == ["submit", "triage"]
        assert any(t.startswith("待分办的建议") for t in inbox(world["committee"]))
        assert inbox(world["committee_wuhan"])  # 江汉区 is under 武汉市 too

    def test_routing_twice_changes_nothing(self, world, submit):
        suggestion = submit(category="school")
        assert services.suggestion_route(suggestion_id=suggestion.pk) == "triage"
        assert chain(suggestion) == ["submit", "triage"]
        routed = submit()
        assert services.suggestion_route(suggestion_id=routed.pk) == "skipped"
        assert routed.assignments.count() == 2

    def test_assignment_is_due_within_five_workdays_over_holidays(self, world, submit):
        for day in range(1, 8):
            CalendarDay.objects.create(date=date(2026, 10, day), is_workday=False, note="国庆节")
        CalendarDay.objects.create(date=date(2026, 10, 10), is_workday=True, note="调休上班")
        with at(2026, 9, 29):
            suggestion = submit(category="school")
        assert suggestion.assign_due_on == date(2026, 10, 12)

    def test_only_deputies_submit_and_empty_titles_are_refused(self, world):
        with pytest.raises(NotPermitted):
            services.suggestion_submit(actor=world["committee"], title="x", content="y")
        with pytest.raises(DomainError, match="请填写标题"):
            services.suggestion_submit(actor=world["deputies"]["jianghan"].user, title="  ", content="内容")
        assert not Suggestion.objects.exists()

    def test_a_deputy_addresses_one_of_their_own_congresses(self, world):
        jianghan_congress = world["terms"]["jianghan"].congress
        with pytest.raises(DomainError, match="不是该人大的在任代表"):
            services.suggestion_submit(
                actor=world["deputies"]["xie"].user, title="标题", content="内容", congress=jianghan_congress
            )


class TestHandling:
    def test_the_whole_path_to_closed(self, world, submit, act):
        unit_user = world["staff"]["unit_staff"]
        suggestion = submit()
        act(services.suggestion_accept, suggestion, unit_user)
        assert suggestion.status == Status.HANDLING
        act(services.suggestion_co_view, suggestion, world["staff"]["unit_schools"], content="建议统筹学校周边改造")
        act(
            services.suggestion_reply,
            suggestion,
            unit_user,
            result="A",
            content="已纳入年度计划并完工",
            face_to_face=True,
        )
        assert (suggestion.status, suggestion.result, suggestion.face_to_face, suggestion.replied_on_time) == (
            Status.REPLIED,
            "A",
            True,
            True,
        )
        assert any(t.startswith("建议已答复，请评价") for t in inbox(world["deputies"]["jianghan"].user))
        act(services.suggestion_judge, suggestion, world["deputies"]["jianghan"].user, satisfaction="basic")
        assert suggestion.status == Status.CLOSED and suggestion.satisfaction == "basic"
        assert chain(suggestion) == ["submit", "assign", "accept", "co_view", "reply", "judge", "close"]

    def test_unsatisfied_sends_it_back_with_a_month_to_reply_again(self, world, submit, act):
        unit_user, deputy_user = world["staff"]["unit_staff"], world["deputies"]["jianghan"].user
        with at(2026, 11, 2):
            suggestion = submit()
            act(services.suggestion_accept, suggestion, unit_user)
            act(services.suggestion_reply, suggestion, unit_user, result="C", content="列入明年计划")
        with at(2026, 11, 20):
            act(services.suggestion_judge, suggestion, deputy_user, satisfaction="unsatisfied", comment="太慢")
        assert suggestion.status == Status.HANDLING and suggestion.due_on == date(2026, 12, 20)
        with at(2026, 12, 1):
            act(services.suggestion_reply, suggestion, unit_user, result="B", content="已开工")
        assert suggestion.replies.get(round=2).result == "B"
        act(services.suggestion_judge, suggestion, deputy_user, satisfaction="satisfied")
        assert suggestion.status == Status.CLOSED

    def test_every_co_signer_judges_before_it_closes(self, world, submit, act):
        suggestion = submit(co_signers=[world["deputies"]["xie"]])
        unit_user = world["staff"]["unit_staff"]
        act(services.suggestion_accept, suggestion, unit_user)
        act(services.suggestion_reply, suggestion, unit_user, result="A", content="已解决")
        assert any(t.startswith("建议已答复") for t in inbox(world["deputies"]["xie"].user))
        act(services.suggestion_judge, suggestion, world["deputies"]["jianghan"].user, satisfaction="satisfied")
        assert suggestion.status == Status.REPLIED
        act(services.suggestion_judge, suggestion, world["deputies"]["xie"].user, satisfaction="satisfied")
        assert suggestion.status == Status.CLOSED and suggestion.satisfaction == "satisfied"

    def test_a_deputy_judges_a_reply_once_and_outsiders_not_at_all(self, world, submit, act):
        suggestion = submit(co_signers=[world["deputies"]["xie"]])
        unit_user = world["staff"]["unit_staff"]
        act(services.suggestion_accept, suggestion, unit_user)
        act(services.suggestion_reply, suggestion, unit_user, result="A", content="已解决")
        act(services.suggestion_judge, suggestion, world["deputies"]["xie"].user, satisfaction="satisfied")
        with pytest.raises(DomainError, match="已评价过"):
            act(services.suggestion_judge, suggestion, world["deputies"]["xie"].user, satisfaction="basic")
        with pytest.raises(NotPermitted):
            act(services.suggestion_judge, suggestion, world["committee"], satisfaction="satisfied")

    def test_a_reply_after_the_deadline_is_not_on_time(self, world, submit, act):
        unit_user = world["staff"]["unit_staff"]
        with at(2026, 6, 1):
            suggestion = submit()
            act(services.suggestion_accept, suggestion, unit_user)
        with at(2026, 9, 2):
            act(services.suggestion_reply, suggestion, unit_user, result="B", content="正在解决")
        assert suggestion.replied_on_time is False
        assert Reply.objects.get().on_time is False


class TestReturn:
    def test_a_unit_returns_within_seven_workdays_and_it_goes_back_to_triage(self, world, submit, act):
        with at(2026, 11, 2):
            suggestion = submit()
        with at(2026, 11, 11):  # the 7th working day after 11月2日
            act(services.suggestion_return, suggestion, world["staff"]["unit_staff"], reason="属区城管局职责")
        assert suggestion.status == Status.SUBMITTED and suggestion.lead_unit is None
        assert not suggestion.assignments.filter(active=True).exists()
        assert any(t.startswith("承办单位退回建议") for t in inbox(world["committee"]))

    def test_after_seven_workdays_it_may_not_be_returned(self, world, submit, act):
        with at(2026, 11, 2):
            suggestion = submit()
        with at(2026, 11, 12), pytest.raises(DomainError, match="已超过退回期限") as error:
            act(services.suggestion_return, suggestion, world["staff"]["unit_staff"], reason="不属本单位")
        assert error.value.conflict
        assert Suggestion.objects.get(pk=suggestion.pk).status == Status.ASSIGNED

    def test_a_co_unit_returning_leaves_the_lead_in_charge(self, world, submit, act):
        suggestion = submit()
        act(services.suggestion_return, suggestion, world["staff"]["unit_schools"], reason="与教育无关")
        assert suggestion.status == Status.ASSIGNED
        assert list(suggestion.assignments.filter(active=True).values_list("role", flat=True)) == ["lead"]


class TestCommittee:
    def test_reassign_before_acceptance_but_not_after(self, world, submit, act):
        suggestion = submit()
        act(services.suggestion_assign, suggestion, world["committee"], lead_unit=world["units"]["water"])
        assert suggestion.lead_unit == world["units"]["water"]
        assert suggestion.assignments.filter(active=True).count() == 1
        act(services.suggestion_accept, suggestion, world["staff"]["unit_water"])
        with pytest.raises(DomainError):
            act(services.suggestion_assign, suggestion, world["committee"], lead_unit=world["units"]["housing"])

    def test_a_due_date_beyond_six_months_is_refused(self, world, submit, act):
        suggestion = submit(category="school")
        with at(2026, 11, 2), pytest.raises(DomainError, match="答复期限应在今天至2027年05月02日之间"):
            act(
                services.suggestion_assign,
                suggestion,
                world["committee"],
                lead_unit=world["units"]["schools"],
                due_on=date(2027, 6, 1),
            )

    def test_decline_tells_the_deputy_why(self, world, submit, act):
        suggestion = submit(category="school")
        act(services.suggestion_decline, suggestion, world["committee"], reason="personal_matter")
        assert suggestion.status == Status.DECLINED
        assert Notification.objects.filter(
            recipient=world["deputies"]["jianghan"].user, body__contains="涉及代表本人及亲属个人事务"
        ).exists()

    def test_extension_up_to_six_months_with_a_reason(self, world, submit, act):
        with at(2026, 11, 2):
            suggestion = submit()
            with pytest.raises(DomainError, match="延期后的期限"):
                act(services.suggestion_extend, suggestion, world["committee"], due_on=date(2027, 6, 1), reason="复杂")
            act(
                services.suggestion_extend, suggestion, world["committee"], due_on=date(2027, 5, 2), reason="涉及多部门"
            )
        assert suggestion.due_on == date(2027, 5, 2) and suggestion.extended
        assert Notification.objects.filter(
            recipient=world["deputies"]["jianghan"].user, body__contains="涉及多部门"
        ).exists()

    def test_committee_of_another_region_may_not_act(self, world, submit, act):
        suggestion = submit(deputy="xie", category="school")  # a provincial suggestion
        with pytest.raises(NotPermitted):
            act(services.suggestion_decline, suggestion, world["committee_wuhan"], reason="no_substance")

    def test_merged_suggestions_are_answered_to_each_submitter(self, world, submit, act):
        target = submit()
        duplicate = submit(deputy="xie", title="老旧小区加装电梯补贴", category="school")
        act(services.suggestion_merge, duplicate, world["committee"], into=target)
        assert duplicate.status == Status.MERGED and duplicate.merged_into == target
        unit_user = world["staff"]["unit_staff"]
        act(services.suggestion_accept, target, unit_user)
        act(services.suggestion_reply, target, unit_user, result="A", content="已完成加装")
        assert any(t.startswith("建议已答复") for t in inbox(world["deputies"]["xie"].user))
        act(services.suggestion_judge, target, world["deputies"]["xie"].user, satisfaction="satisfied")
        assert target.replies.get().judgements.filter(deputy=world["deputies"]["xie"]).exists()


class TestWithdraw:
    def test_the_lead_deputy_withdraws_before_the_reply(self, world, submit, act):
        suggestion = submit()
        with pytest.raises(NotPermitted):
            act(services.suggestion_withdraw, suggestion, world["deputies"]["xie"].user)
        act(services.suggestion_withdraw, suggestion, world["deputies"]["jianghan"].user, reason="问题已解决")
        assert suggestion.status == Status.WITHDRAWN
        assert not suggestion.assignments.filter(active=True).exists()
        assert any(t.startswith("代表已撤回建议") for t in inbox(world["staff"]["unit_staff"]))


# Every action from every status: allowed exactly where the transition table of DESIGN §4 says.
EXPECTED = {
    "assign": {Status.SUBMITTED, Status.ASSIGNED},
    "decline": {Status.SUBMITTED},
    "accept": {Status.ASSIGNED},
    "return": {Status.ASSIGNED, Status.HANDLING},
    "reply": {Status.HANDLING},
    "judge": {Status.REPLIED},
    "withdraw": {Status.SUBMITTED, Status.ASSIGNED, Status.HANDLING},
    "merge": {Status.SUBMITTED, Status.ASSIGNED},
    "extend": {Status.ASSIGNED, Status.HANDLING},
}


def _put_in(status, world, submit, act):
    """A suggestion brought to `status` through the services themselves."""
    unit_user, deputy_user, committee = (
        world["staff"]["unit_staff"],
        world["deputies"]["jianghan"].user,
        world["committee"],
    )
    unrouted = status in (Status.SUBMITTED, Status.DECLINED)
    suggestion = submit(category="school" if unrouted else "old_housing")
    steps = {
        Status.HANDLING: [(services.suggestion_accept, unit_user, {})],
        Status.REPLIED: [
            (services.suggestion_accept, unit_user, {}),
            (services.suggestion_reply, unit_user, {"result": "A", "content": "已解决"}),
        ],
        Status.CLOSED: [
            (services.suggestion_accept, unit_user, {}),
            (services.suggestion_reply, unit_user, {"result": "A", "content": "已解决"}),
            (services.suggestion_judge, deputy_user, {"satisfaction": "satisfied"}),
        ],
        Status.DECLINED: [(services.suggestion_decline, committee, {"reason": "no_substance"})],
        Status.WITHDRAWN: [(services.suggestion_withdraw, deputy_user, {})],
        Status.MERGED: [(services.suggestion_merge, committee, {"into": submit(title="另一条")})],
    }
    for service, actor, kwargs in steps.get(status, []):
        act(service, suggestion, actor, **kwargs)
    assert suggestion.status == status
    return suggestion


def _ten_days_later(suggestion):
    return (suggestion.due_on or date.today()) + timedelta(days=10)


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("action", list(EXPECTED))
def test_every_action_from_every_status(world, submit, act, status, action):
    suggestion = _put_in(status, world, submit, act)
    unit_user, deputy_user, committee = (
        world["staff"]["unit_staff"],
        world["deputies"]["jianghan"].user,
        world["committee"],
    )
    calls = {
        "assign": (services.suggestion_assign, committee, {"lead_unit": world["units"]["water"]}),
        "decline": (services.suggestion_decline, committee, {"reason": "no_substance"}),
        "accept": (services.suggestion_accept, unit_user, {}),
        "return": (services.suggestion_return, unit_user, {"reason": "不属本单位"}),
        "reply": (services.suggestion_reply, unit_user, {"result": "B", "content": "正在办理"}),
        "judge": (services.suggestion_judge, deputy_user, {"satisfaction": "satisfied"}),
        "withdraw": (services.suggestion_withdraw, deputy_user, {}),
        "merge": (services.suggestion_merge, committee, {"into": submit(title="目标建议")}),
        "extend": (
            services.suggestion_extend,
            committee,
            {"due_on": _ten_days_later(suggestion), "reason": "情况复杂"},
        ),
    }
    service, actor, kwargs = calls[action]
    before = chain(suggestion)
    if status in EXPECTED[action]:
        act(service, suggestion, actor, **kwargs)
        assert len(chain(suggestion)) > len(before)
    else:
        with pytest.raises(DomainError):
            act(service, suggestion, actor, **kwargs)
        assert Suggestion.objects.get(pk=suggestion.pk).status == status
        assert chain(suggestion) == before
