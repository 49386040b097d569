"""Send Celery tasks through an outbox table, so a broker outage delays work but loses nothing.

`enqueue()` is called inside a service's transaction: it writes the message and, after commit,
tries to send it at once. Whatever could not be sent (broker down, hung, a task that failed in
eager mode) stays pending and `relay_pending()` — run by beat and by `manage.py run_periodic` —
sends it later. Tasks are idempotent, so a message sent twice changes nothing.
"""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from liaison.models import OutboxMessage

logger = logging.getLogger(__name__)


def enqueue(task_path: str, **kwargs) -> OutboxMessage:
    """Record `task_path(**kwargs)` to be sent once the current transaction commits."""
    message = OutboxMessage.objects.create(task=task_path, kwargs=kwargs)
    transaction.on_commit(lambda: relay_message(message.pk))
    return message


def _send(message: OutboxMessage) -> bool:
    message.attempts += 1
    try:
        import_string(message.task).apply_async(kwargs=message.kwargs)
    except Exception as error:  # broker refused or timed out, or an eager task failed
        logger.warning("outbox %s: %s not sent: %s", message.pk, message.task, error)
        message.last_error = f"{type(error).__name__}: {error}"[:2000]
        message.save(update_fields=["attempts", "last_error"])
        return False
    message.sent_at = timezone.now()
    message.save(update_fields=["attempts", "sent_at"])
    return True


def relay_message(message_id: int) -> bool:
    """Send one message unless another process holds it or it was already sent."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, sent_at__isnull=True)
            .first()
        )
        return _send(message) if message else False


def relay_pending(limit: int = 500) -> int:
    """Send up to `limit` pending messages, oldest first; returns how many were sent."""
    with transaction.atomic():
        pending = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True)
            .order_by("id")[:limit]
        )
        return sum(_send(message) for message in pending)
