"""The workflow on the real services: PostgreSQL row locks, a Celery worker on Redis, a Redis outage."""

import threading
import time

import pytest
from django.db import connection

from liaison.errors import DomainError
from liaison.models import OutboxMessage
from suggestions import services
from suggestions.models import Reply, Status, Suggestion
from tests.celery_support import SpareRedis, broker, real_worker
from tests.liaison.test_outbox import wait_for

pytestmark = [pytest.mark.django_db(transaction=True)]


def submit(world, **extra):
    return services.suggestion_submit(
        actor=world["deputies"]["jianghan"].user,
        title="关于老旧小区加装电梯的建议",
        content="居民上下楼难，希望加大补贴。",
        category=world["categories"]["old_housing"],
        **extra,
    )


def test_two_concurrent_replies_exactly_one_wins(postgres_only, world):
    suggestion = submit(world)
    unit_user = world["staff"]["unit_staff"]
    services.suggestion_accept(suggestion_id=suggestion.pk, actor=unit_user)
    start = threading.Barrier(2)
    outcomes = []

    def reply(text):
        try:
            start.wait()
            services.suggestion_reply(suggestion_id=suggestion.pk, actor=unit_user, result="A", content=text)
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=reply, args=(f"答复{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "该建议当前为“已答复”，不能答复"]
    assert Reply.objects.filter(suggestion=suggestion).count() == 1
    assert Suggestion.objects.get(pk=suggestion.pk).events.filter(action="reply").count() == 1


@pytest.mark.celery_worker
def test_a_real_worker_on_redis_routes_a_submitted_suggestion(world):
    with real_worker():
        suggestion = submit(world)
        assert wait_for(lambda: Suggestion.objects.get(pk=suggestion.pk).status == Status.ASSIGNED)
    assert Suggestion.objects.get(pk=suggestion.pk).lead_unit == world["units"]["housing"]


@pytest.mark.celery_worker
def test_a_burst_of_submissions_is_routed_once_each_by_a_real_worker(world):
    from django.db import transaction

    from suggestions.models import SuggestionEvent

    with real_worker():
        with transaction.atomic():  # thirty routing messages reach the queue together, at commit
            burst = [submit(world) for _ in range(30)]
        ids = [s.pk for s in burst]
        assert wait_for(lambda: Suggestion.objects.filter(pk__in=ids, status=Status.ASSIGNED).count() == 30)
    routed = SuggestionEvent.objects.filter(suggestion__in=ids, action="assign")
    assert sorted(routed.values_list("suggestion", flat=True)) == sorted(ids)


@pytest.mark.celery_worker
def test_with_redis_down_submission_succeeds_fast_and_is_routed_once_when_it_returns(world, tmp_path):
    spare = SpareRedis(tmp_path)  # not running: connections are refused
    with broker(spare.url):
        started = time.monotonic()
        suggestion = submit(world)
        assert time.monotonic() - started < 1.0
        assert Suggestion.objects.get(pk=suggestion.pk).status == Status.SUBMITTED
        assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 1
        spare.start()
        try:
            with real_worker(spare.url):
                from liaison import outbox

                assert outbox.relay_pending() == 1
                assert wait_for(lambda: Suggestion.objects.get(pk=suggestion.pk).status == Status.ASSIGNED)
                assert outbox.relay_pending() == 0
                # A redelivered routing task changes nothing.
                assert services.suggestion_route(suggestion_id=suggestion.pk) == "skipped"
        finally:
            spare.stop()
    assert Suggestion.objects.get(pk=suggestion.pk).events.filter(action="assign").count() == 1
