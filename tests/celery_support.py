"""A real Celery worker on the configured Redis broker, for the integration tests."""

import contextlib
import os

from celery.contrib.testing.worker import start_worker
from django.conf import settings

from liaison.celery import app
from tests.conftest import need


def redis_broker_url() -> str:
    url = os.environ.get("CELERY_BROKER_URL", "")
    need(url.startswith("redis://"), "needs Redis (set CELERY_BROKER_URL=redis://…)")
    return url


@contextlib.contextmanager
def real_worker(**conf):
    """Start a worker thread against Redis; tasks are sent to the broker, not run in-process."""
    url = redis_broker_url()
    previous = {key: app.conf.get(key) for key in ("task_always_eager", "broker_url", *conf)}
    app.conf.update(task_always_eager=False, broker_url=url, **conf)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield app
    finally:
        app.conf.update(previous)
        app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER or True
