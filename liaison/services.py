"""Writes for the core domain: notifications to users (in-portal inbox and email)."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from liaison import outbox
from liaison.models import Notification


def notification_send(*, recipients, title: str, body: str = "", link: str = "") -> list[Notification]:
    """Put a message in each recipient's inbox; the email goes out through the outbox after commit."""
    return notifications_send(notifications_for(recipients, title=title, body=body, link=link))


def notifications_for(recipients, *, title: str, body: str = "", link: str = "") -> list[Notification]:
    """One unsaved message per recipient, however often a recipient is named."""
    return [
        Notification(recipient=user, title=title, body=body, link=link)
        for user in {u.pk: u for u in recipients}.values()
    ]


@transaction.atomic
def notifications_send(notifications: Iterable[Notification]) -> list[Notification]:
    """Many inbox messages in one insert; their emails go out after commit, in one outbox message."""
    notifications = Notification.objects.bulk_create(notifications)
    emailed = [n.pk for n in notifications if n.recipient.email]
    if emailed:
        outbox.enqueue("liaison.tasks.notification_emails", notification_ids=emailed)
    return notifications


def notification_mark_read(*, user, notification_ids=None) -> int:
    """Mark the user's notifications (all, or those ids) as read; returns how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def notification_email(*, notification_id: int) -> bool:
    """Email one notification once; a redelivered task finds it already emailed and does nothing."""
    from django.core.mail import send_mail

    notification = (
        Notification.objects.select_for_update()
        .select_related("recipient")
        .filter(pk=notification_id, emailed_at__isnull=True)
        .first()
    )
    if notification is None:
        return False
    send_mail(notification.title, notification.body, None, [notification.recipient.email])
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])
    return True


def personal_data_access_record(*, user, path: str, seen: dict) -> list:
    """One row per kind of record a request showed unmasked (see liaison.access)."""
    from liaison.models import PersonalDataAccess

    authenticated = user is not None and user.is_authenticated
    return PersonalDataAccess.objects.bulk_create(
        PersonalDataAccess(
            user=user if authenticated else None,
            username=user.get_username() if authenticated else "",
            path=path,
            subject=subject,
            object_ids=sorted(ids),
            count=len(ids),
        )
        for subject, ids in sorted(seen.items())
        if ids
    )
