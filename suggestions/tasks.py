"""Thin Celery tasks for suggestion handling: they take ids and call a service.

Every task is idempotent (a redelivered task finds the row no longer in the expected state and does
nothing), so they ack late and retry with backoff. Deadlines are found by periodic sweeps over
`due_on`, never by long ETAs.
"""

import threading
from collections import OrderedDict

from celery import shared_task

from suggestions import services

RETRY = {
    "acks_late": True,
    "autoretry_for": (OSError,),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 6,
}


ROUTE_BATCH = 500
REMEMBERED = 10_000
# Ids this worker process routed along with another suggestion's message: when their own message
# comes, it finds the work done without asking the database. Bounded; an id whose message went to
# another process stays until newer ones push it out (that process asks the database instead).
routed_with_others: OrderedDict[int, bool] = OrderedDict()
routed_with_others_lock = threading.Lock()  # a worker with a thread pool shares it


@shared_task(bind=True, **RETRY)
def suggestion_route(self, suggestion_id: int):
    """Route the suggestion, and the others waiting for routing with it (a burst of submissions is
    routed in batches). In-process (no broker) only the one: ids are not remembered across tests."""
    if self.request.is_eager:
        return services.suggestion_route(suggestion_id=suggestion_id)
    with routed_with_others_lock:
        if routed_with_others.pop(suggestion_id, False):
            return "skipped"
    outcomes = services.suggestions_route(suggestion_ids=[suggestion_id], also_waiting=ROUTE_BATCH)
    with routed_with_others_lock:
        routed_with_others.update(dict.fromkeys((pk for pk in outcomes if pk != suggestion_id), True))
        while len(routed_with_others) > REMEMBERED:
            routed_with_others.popitem(last=False)
    return outcomes.get(suggestion_id, "skipped")


@shared_task(**RETRY)
def sweep_deadlines():
    """Overdue reminders and escalation, due-soon reminders, judgement requests, automatic closing."""
    return services.sweep_deadlines()


@shared_task(**RETRY)
def reroute_stale():
    """Routing sent again for suggestions whose routing message was lost at the broker."""
    return services.suggestion_reroute_stale()
