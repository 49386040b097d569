"""A test-only task for the worker-kill test, loaded by the worker subprocess with --include.

It routes a suggestion through the real service inside a transaction, then — the first time only —
writes its process id to a marker file and sleeps, so the test can SIGKILL the worker process in
the middle of the task, before the change is committed.
"""

import os
import time
from pathlib import Path

from celery import shared_task
from django.db import transaction


@shared_task(name="tests.route_slowly", acks_late=True, reject_on_worker_lost=True)
def route_slowly(suggestion_id: int, marker: str):
    from suggestions import services

    marker_path = Path(marker)
    with transaction.atomic():
        outcome = services.suggestion_route(suggestion_id=suggestion_id)
        runs = marker_path.read_text().split() if marker_path.exists() else []
        marker_path.write_text(" ".join([*runs, str(os.getpid())]))
        if not runs:
            time.sleep(60)  # killed here, with the assignment written but not committed
    return outcome
