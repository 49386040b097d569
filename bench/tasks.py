"""Bench-only Celery tasks: the no-op routing is compared with, and a clock mark."""

import time

from celery import shared_task


@shared_task(name="bench.noop", acks_late=True)
def noop(suggestion_id: int):
    """Takes the routing task's argument and does nothing: the limit of one worker."""


@shared_task(name="bench.mark")
def mark(key: str):
    """Writes when the worker reached this point of the queue (the queue is first in, first out)."""
    import redis
    from django.conf import settings

    redis.Redis.from_url(settings.CELERY_BROKER_URL).set(key, repr(time.time()), ex=3600)
