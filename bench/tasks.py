"""Bench-only Celery tasks: the no-op routing is compared with, a clock mark, and a submission."""

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


@shared_task(name="bench.submit")
def submit(suggestion_ids: list[int]):
    """Turns the benchmark's withdrawn suggestions into freshly submitted ones, waiting for routing."""
    from django.utils import timezone

    from suggestions.models import Suggestion

    Suggestion.objects.filter(pk__in=suggestion_ids).update(status="submitted", submitted_at=timezone.now())
