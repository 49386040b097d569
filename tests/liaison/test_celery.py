import pytest
from celery.backends.redis import RedisBackend
from celery.result import AsyncResult
from django.db import connection

from liaison.celery import app, ping
from tests.celery_support import real_worker, redis_broker_url


@app.task(name="tests.database_session", ignore_result=False)
def database_session():
    """The worker's PostgreSQL backend process id: the same one while its connection is kept."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_runs_a_task_that_reads_the_database(hubei):
    results_url = redis_broker_url().rsplit("/", 1)[0] + "/1"
    with real_worker(result_backend=results_url) as app:
        sent = ping.delay()
        result = AsyncResult(sent.id, app=app, backend=RedisBackend(app=app, url=results_url))
        assert result.get(timeout=20) == "pong:6"  # the fixture's six regions, read by the worker


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_keeps_its_database_connection_and_replaces_a_broken_one(postgres_only):
    results_url = redis_broker_url().rsplit("/", 1)[0] + "/1"
    with real_worker(result_backend=results_url) as app:
        backend = RedisBackend(app=app, url=results_url)

        def session():
            return AsyncResult(database_session.delay().id, app=app, backend=backend).get(timeout=20)

        first = session()
        assert session() == session() == first  # no new connection per task
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [first])
        assert session() != first  # the health check at the next task noticed and reconnected


def test_without_a_broker_tasks_run_in_process(hubei):
    assert ping.delay().get() == "pong:6"
