"""Thin Celery tasks for the core domain: they take ids and call a service."""

from celery import shared_task

from liaison import outbox, services


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notification_emails(notification_ids: list[int]):
    """Each notification's email, once: those already emailed (a redelivered task) are passed over."""
    return sum(services.notification_email(notification_id=pk) for pk in notification_ids)


@shared_task
def relay_outbox():
    """Send what the outbox still holds (beat runs this every 30 seconds)."""
    return outbox.relay_pending()
