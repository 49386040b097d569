"""The reroute sweep: routing sent again for suggestions whose routing message was lost at the broker."""

from datetime import timedelta

import pytest

from liaison import outbox
from liaison.models import OutboxMessage
from suggestions import services
from suggestions.models import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def lost_routing(world, monkeypatch, django_capture_on_commit_callbacks):
    """A submission whose routing message reached the broker but never a worker."""
    monkeypatch.setattr(outbox, "relay_message", lambda message_id: False)
    with django_capture_on_commit_callbacks(execute=True):
        suggestion = services.suggestion_submit(
            actor=world["deputies"]["jianghan"].user,
            title="关于加装电梯的建议",
            content="居民上下楼难。",
            category=world["categories"]["old_housing"],
        )
    OutboxMessage.objects.update(sent_at=suggestion.submitted_at)  # "sent", then stranded
    monkeypatch.undo()
    return suggestion


def sweep(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return services.suggestion_reroute_stale(older_than=timedelta(0), **kwargs)


def test_a_stranded_suggestion_is_routed_once(lost_routing, django_capture_on_commit_callbacks):
    assert lost_routing.status == Status.SUBMITTED
    assert sweep(django_capture_on_commit_callbacks) == 1
    lost_routing.refresh_from_db()
    assert lost_routing.status == Status.ASSIGNED
    assert sweep(django_capture_on_commit_callbacks) == 0, "nothing left to reroute"
    assert lost_routing.events.filter(action="assign").count() == 1


def test_recent_triaged_and_returned_suggestions_are_left_alone(
    world, submit, act, lost_routing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.suggestion_reroute_stale(older_than=timedelta(minutes=10)) == 0  # just submitted
    triaged = submit(category="education")  # no routing rule: waits in the committee's queue
    returned = submit()
    act(services.suggestion_return, returned, world["staff"]["unit_staff"], reason="不属于本单位职责")
    assert returned.status == Status.SUBMITTED
    assert sweep(django_capture_on_commit_callbacks) == 1  # only the stranded one
    triaged.refresh_from_db()
    returned.refresh_from_db()
    assert triaged.status == Status.SUBMITTED and returned.status == Status.SUBMITTED
