"""Faults on the real services: Redis going away under load, and a worker killed mid-task.

Each test runs its own redis-server (SpareRedis) on a free port, so stopping it touches nobody else,
and the shared PostgreSQL test database.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import connection
from django.db.models import Count

from liaison import outbox
from liaison.models import OutboxMessage
from suggestions import services
from suggestions.models import Status, Suggestion, SuggestionEvent
from tests.celery_support import SpareRedis, broker, worker_connections_closed
from tests.conftest import need
from tests.liaison.test_outbox import wait_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

BEFORE, DURING, AFTER = 200, 600, 200  # submissions with Redis up, stopped, and back


def submit_many(world, numbers):
    """Submit through the service from 4 threads at once (4 desks), each on its own connection."""

    def one(n):
        try:
            submit(world, n)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as desks:
        list(desks.map(one, numbers))


@contextlib.contextmanager
def threaded_worker(url):
    """A real worker on `url`, running 4 tasks at a time in threads (each with its own connection)."""
    with (
        broker(url) as app,
        worker_connections_closed(),
        start_worker(app, pool="threads", concurrency=4, perform_ping_check=False, shutdown_timeout=10),
    ):
        yield app


def everything_routed() -> bool:
    if not Suggestion.objects.exclude(status=Status.ASSIGNED).exists():
        return True
    if services.suggestion_reroute_stale(older_than=timedelta(seconds=5)):
        outbox.relay_pending()
    time.sleep(2)
    return False


def submit(world, n):
    return services.suggestion_submit(
        actor=world["deputies"]["jianghan"].user,
        title=f"关于老旧小区加装电梯的建议（{n}）",
        content="居民上下楼难，希望加大补贴。",
        category=world["categories"]["old_housing"],
    )


def test_redis_stopped_while_a_thousand_suggestions_are_submitted_loses_none_and_routes_each_once(
    postgres_only, world, tmp_path
):
    redis = SpareRedis(tmp_path, durable=True)
    redis.start()
    try:
        with threaded_worker(redis.url):
            submit_many(world, range(BEFORE))
            redis.stop()
            started = time.monotonic()
            submit_many(world, range(BEFORE, BEFORE + DURING))
            # Redis refusing connections costs a submission next to nothing: the outbox keeps the task.
            assert (time.monotonic() - started) / DURING < 0.25
            assert OutboxMessage.objects.filter(sent_at__isnull=True).count() >= DURING
            redis.start()
        # A worker may exit when Redis vanishes under it (kombu can fail to hand back the messages it
        # holds); in production its service manager starts it again, as here.
        with threaded_worker(redis.url):
            submit_many(world, range(BEFORE + DURING, BEFORE + DURING + AFTER))
            while outbox.relay_pending():  # what beat's relay does every 30 s
                pass
            # Messages a worker had reserved when Redis went away wait at the broker for their visibility
            # timeout; beat's reroute sweep sends routing again for what is still unrouted (here at once).
            assert wait_for(lambda: everything_routed(), timeout=60)
    finally:
        redis.stop()
    total = BEFORE + DURING + AFTER
    assert Suggestion.objects.count() == total, "none lost"
    assigned = SuggestionEvent.objects.filter(action="assign").values("suggestion").annotate(n=Count("id"))
    assert len(assigned) == total and {row["n"] for row in assigned} == {1}, "each routed exactly once"
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()


def test_a_worker_killed_mid_task_runs_it_again_and_applies_the_change_once(postgres_only, world, tmp_path):
    """A real `celery worker` (prefork, one child) on a spare Redis and the test database: its child is
    SIGKILLed inside the task's transaction; with acks_late + reject_on_worker_lost the message goes
    back to the queue, the next child runs the task again, and the suggestion is assigned once."""
    need(connection.vendor == "postgresql", "needs PostgreSQL")
    redis = SpareRedis(tmp_path, durable=True)
    redis.start()
    marker = tmp_path / "runs"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_BROKER_URL": redis.url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DJANGO_SETTINGS_MODULE": "liaison.settings",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "liaison",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--include=tests.hardening.worker_tasks",
            "--loglevel=WARNING",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        with broker(redis.url) as app:
            with outbox_paused():
                suggestion = submit(world, 0)
            app.send_task("tests.route_slowly", kwargs={"suggestion_id": suggestion.pk, "marker": str(marker)})
            assert wait_for(lambda: marker.exists(), timeout=40), "the task started"
            first_child = int(marker.read_text().split()[0])
            os.kill(first_child, signal.SIGKILL)
            assert wait_for(lambda: len(marker.read_text().split()) == 2, timeout=40), "the task ran again"
            assert wait_for(lambda: Suggestion.objects.get(pk=suggestion.pk).status == Status.ASSIGNED, timeout=20)
        runs = [int(pid) for pid in marker.read_text().split()]
        assert runs[0] != runs[1], "a new child process ran it"
        assert SuggestionEvent.objects.filter(suggestion=suggestion, action="assign").count() == 1
        assert Suggestion.objects.get(pk=suggestion.pk).assignments.filter(active=True, role="lead").count() == 1
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
        redis.stop()


class outbox_paused:
    """Keep the submission's own routing message in the outbox, so only the slow task routes it."""

    def __enter__(self):
        self.original = outbox.relay_message
        outbox.relay_message = lambda message_id: False
        return self

    def __exit__(self, *exc):
        outbox.relay_message = self.original
        return False
