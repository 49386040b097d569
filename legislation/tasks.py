"""Thin Celery tasks for legislative consultation: they take ids and call a service."""

from celery import shared_task


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def consultation_notify_staff(consultation_id: int):
    from legislation import services

    return services.consultation_notify_staff(consultation_id=consultation_id)
