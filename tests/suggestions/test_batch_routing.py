"""Routing in batches: the routing task takes the other suggestions waiting with its own, in one
transaction with a fixed number of statements, each routed once, each with its audit entry."""

from copy import copy
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from liaison import audit
from liaison.models import Notification
from suggestions import services
from suggestions.models import Status, Suggestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(world):
    """`waiting(n)` → n suggestions submitted and not yet routed (their routing messages not sent)."""

    def _waiting(n, category="old_housing"):
        return [
            services.suggestion_submit(
                actor=world["deputies"]["jianghan"].user,
                title=f"关于加快老旧小区加装电梯的建议（{i}）",
                content="唐家墩街道多个老旧小区居民反映上下楼困难。",
                category=world["categories"][category],
            )
            for i in range(n)
        ]

    return _waiting


def test_the_others_waiting_are_routed_with_it(world, waiting):
    first, *others = waiting(4)
    outcomes = services.suggestions_route(suggestion_ids=[first.pk], also_waiting=10)
    assert outcomes == {s.pk: "assigned" for s in [first, *others]}
    for suggestion in Suggestion.objects.filter(pk__in=outcomes):
        assert suggestion.status == Status.ASSIGNED and suggestion.lead_unit == world["units"]["housing"]
        assert suggestion.events.filter(action="assign").count() == 1
    # Their own messages come later and find nothing to do.
    assert services.suggestion_route(suggestion_id=others[0].pk) == "skipped"


def test_a_batch_takes_at_most_the_number_asked_for_and_its_own_always(waiting):
    suggestions = waiting(5)
    last = suggestions[-1]
    outcomes = services.suggestions_route(suggestion_ids=[last.pk], also_waiting=2)
    assert last.pk in outcomes and len(outcomes) == 3


def test_only_recent_ones_that_routing_has_not_seen_are_taken(world, waiting):
    first, old, in_triage = waiting(3)
    Suggestion.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(minutes=11))
    (no_rule,) = waiting(1, category="school")
    assert services.suggestion_route(suggestion_id=no_rule.pk) == "triage"
    outcomes = services.suggestions_route(suggestion_ids=[first.pk], also_waiting=10)
    # The old one is the reroute sweep's; the one in the triage queue waits for the committee.
    assert set(outcomes) == {first.pk, in_triage.pk}
    assert Suggestion.objects.get(pk=no_rule.pk).events.filter(action="triage").count() == 1


def test_rule_less_ones_in_a_batch_go_to_triage_and_the_committee_is_told_once(world, waiting):
    first, *_ = waiting(1)
    without_rule = waiting(3, category="school")
    outcomes = services.suggestions_route(suggestion_ids=[first.pk], also_waiting=10)
    assert [outcomes[s.pk] for s in without_rule] == ["triage"] * 3
    told = Notification.objects.filter(recipient=world["committee"], title__startswith="待分办的建议")
    assert told.count() == 3


def test_a_batch_costs_the_same_statements_for_two_or_twenty(waiting):
    def statements(n):
        first, *_ = waiting(n)
        with CaptureQueriesContext(connection) as queries:
            assert len(services.suggestions_route(suggestion_ids=[first.pk], also_waiting=50)) == n
        return len(queries)

    assert statements(2) == statements(20)


def test_each_routed_suggestion_has_its_audit_entry(waiting):
    suggestions = waiting(3)
    services.suggestions_route(suggestion_ids=[suggestions[0].pk], also_waiting=10)
    for suggestion in suggestions:
        entry = LogEntry.objects.get_for_object(suggestion).get(action=LogEntry.Action.UPDATE)
        assert entry.changes_dict["status"] == ["submitted", "assigned"]
        assert entry.actor is None  # the system routed it


def test_a_committee_assignment_records_who_in_the_audit_trail(world, waiting, api_as):
    (suggestion,) = waiting(1, category="school")
    response = api_as(world["committee"]).post(
        f"/api/v1/suggestions/{suggestion.pk}/assign/", {"lead_unit": world["units"]["schools"].pk}, format="json"
    )
    assert response.status_code == 200
    entry = LogEntry.objects.get_for_object(suggestion).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == world["committee"] and entry.changes_dict["status"] == ["submitted", "assigned"]


def test_bulk_audit_entries_are_what_django_auditlog_writes_on_save(world, waiting):
    saved, bulk = waiting(2)
    changes = {"status": Status.ASSIGNED, "assigned_at": timezone.now(), "due_on": timezone.localdate()}
    changes["lead_unit"] = world["units"]["housing"]
    originals = [copy(bulk)]
    for suggestion in (saved, bulk):
        for field, value in changes.items():
            setattr(suggestion, field, value)
    saved.save(update_fields=list(changes))  # django-auditlog's own hook writes this entry
    Suggestion.objects.filter(pk=bulk.pk).update(**changes)
    audit.log_updates(originals, [bulk], fields=list(changes))

    expected, written = (LogEntry.objects.get_for_object(s).get(action=LogEntry.Action.UPDATE) for s in (saved, bulk))
    assert written.changes == expected.changes and set(written.changes) == set(changes)
    assert (written.object_repr, written.object_id, written.content_type) == (str(bulk), bulk.pk, expected.content_type)


def test_bulk_audit_entries_refuse_masked_fields(waiting):
    (suggestion,) = waiting(1)
    original = copy(suggestion)
    suggestion.submitter_phone = "13800000000"
    with pytest.raises(ValueError):
        audit.log_updates([original], [suggestion], fields=["submitter_phone"])
