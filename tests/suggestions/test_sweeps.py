from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from liaison.models import Notification
from suggestions import services
from suggestions.models import Status

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year, month, day):
    return time_machine.travel(datetime(year, month, day, 9, tzinfo=SHANGHAI), tick=False)


def titles(user):
    return [t.split("：")[0] for t in Notification.objects.filter(recipient=user).values_list("title", flat=True)]


def test_overdue_is_reminded_once_and_key_items_escalate_to_the_committee(world, submit, act):
    with at(2026, 6, 1):
        suggestion = submit()
        act(services.suggestion_set_key, suggestion, world["committee"], key=True)
    with at(2026, 9, 2):
        assert services.sweep_deadlines()["overdue"] == 1
        assert services.sweep_deadlines()["overdue"] == 0
    assert titles(world["staff"]["unit_staff"]).count("建议已逾期未答复") == 1
    assert titles(world["committee"]).count("重点督办建议逾期") == 1
    assert list(suggestion.events.filter(action="overdue").values_list("action", flat=True)) == ["overdue"]


def test_a_unit_is_reminded_a_week_before_the_due_date(world, submit):
    with at(2026, 6, 1):
        submit()
    with at(2026, 8, 20):
        assert services.sweep_deadlines()["due_soon"] == 0
    with at(2026, 8, 26):
        assert services.sweep_deadlines()["due_soon"] == 1
        assert services.sweep_deadlines()["due_soon"] == 0
    assert "建议即将到期" in titles(world["staff"]["unit_staff"])


def test_the_committee_hears_of_suggestions_not_assigned_in_time(world, submit):
    with at(2026, 11, 2):
        submit(category="school")
    with at(2026, 11, 10):
        assert services.sweep_deadlines()["assign_overdue"] == 1
    assert "建议超过交办时限" in titles(world["committee"])


def test_deputies_are_asked_to_judge_then_an_unjudged_reply_closes_itself(world, submit, act):
    unit_user = world["staff"]["unit_staff"]
    with at(2026, 11, 2):
        suggestion = submit()
        act(services.suggestion_accept, suggestion, unit_user)
        act(services.suggestion_reply, suggestion, unit_user, result="B", content="正在解决")
    with at(2026, 11, 17):  # ten working days later: halfway through the window
        assert services.sweep_deadlines()["feedback"] == 1
        assert services.sweep_deadlines()["feedback"] == 0
    assert "请评价建议答复" in titles(world["deputies"]["jianghan"].user)
    with at(2026, 11, 30):  # the twentieth working day: still open
        services.sweep_deadlines()
        suggestion.refresh_from_db()
        assert suggestion.status == Status.REPLIED
    with at(2026, 12, 1):
        services.sweep_deadlines()
    suggestion.refresh_from_db()
    assert suggestion.status == Status.CLOSED and suggestion.satisfaction == ""
    assert suggestion.events.get(action="close").data == {"automatic": True}


def test_the_periodic_command_runs_the_sweeps(world, submit):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("run_periodic", stdout=out)
    assert "suggestion-deadlines" in out.getvalue() and "relay-outbox" in out.getvalue()
