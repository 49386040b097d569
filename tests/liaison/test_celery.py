import pytest
from celery.backends.redis import RedisBackend
from celery.result import AsyncResult

from liaison.celery import ping
from tests.celery_support import real_worker, redis_broker_url


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_runs_a_task_that_reads_the_database(hubei):
    results_url = redis_broker_url().rsplit("/", 1)[0] + "/1"
    with real_worker(result_backend=results_url) as app:
        sent = ping.delay()
        result = AsyncResult(sent.id, app=app, backend=RedisBackend(app=app, url=results_url))
        assert result.get(timeout=20) == "pong:6"  # the fixture's six regions, read by the worker


def test_without_a_broker_tasks_run_in_process(hubei):
    assert ping.delay().get() == "pong:6"
