"""Thin Celery tasks for suggestion handling: they take ids and call a service.

Every task is idempotent (a redelivered task finds the row no longer in the expected state and does
nothing), so they ack late and retry with backoff. Deadlines are found by periodic sweeps over
`due_on`, never by long ETAs.
"""

from celery import shared_task

from suggestions import services

RETRY = {
    "acks_late": True,
    "autoretry_for": (OSError,),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 6,
}


@shared_task(**RETRY)
def suggestion_route(suggestion_id: int):
    return services.suggestion_route(suggestion_id=suggestion_id)


@shared_task(**RETRY)
def sweep_deadlines():
    """Overdue reminders and escalation, due-soon reminders, judgement requests, automatic closing."""
    return services.sweep_deadlines()


@shared_task(**RETRY)
def reroute_stale():
    """Routing sent again for suggestions whose routing message was lost at the broker."""
    return services.suggestion_reroute_stale()
