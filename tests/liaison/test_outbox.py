import time

import pytest
from django.core import mail
from django.db import transaction

from liaison import outbox, services
from liaison.models import Notification, OutboxMessage
from tests.celery_support import SpareRedis, broker, real_worker
from tests.liaison.factories import UserFactory


def wait_for(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db
def test_a_notification_lands_in_the_inbox_and_is_emailed_once(django_capture_on_commit_callbacks):
    user = UserFactory(email="deputy@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = services.notification_send(recipients=[user, user], title="建议已交办", body="请查收")
    assert [m.subject for m in mail.outbox] == ["建议已交办"]
    assert OutboxMessage.objects.get().sent_at is not None
    # A redelivered task finds the notification already emailed.
    assert services.notification_email(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_nothing_is_enqueued_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    user = UserFactory(email="a@example.org")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            services.notification_send(recipients=[user], title="x")
            raise RuntimeError("the change failed")
    assert not OutboxMessage.objects.exists() and not Notification.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_inbox_page_shows_and_marks_notifications_read(client):
    user = UserFactory()
    services.notification_send(recipients=[user], title="请评价答复")
    client.force_login(user)
    page = client.get("/inbox/").content.decode()
    assert "请评价答复" in page and "未读" in page
    assert Notification.objects.get().read_at is not None


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_broker_down_delays_but_loses_nothing(tmp_path):
    """Redis is down: the request still commits at once; the relay sends the task once Redis is back."""
    spare = SpareRedis(tmp_path)  # not started yet: connections are refused
    user = UserFactory(email="unit@example.org")
    with broker(spare.url):
        started = time.monotonic()
        services.notification_send(recipients=[user], title="新交办建议")
        assert time.monotonic() - started < 1.0
        message = OutboxMessage.objects.get()
        assert message.sent_at is None and message.last_error
        spare.start()
        try:
            with real_worker(spare.url):
                assert outbox.relay_pending() == 1
                assert wait_for(lambda: Notification.objects.get().emailed_at is not None)
                assert outbox.relay_pending() == 0
        finally:
            spare.stop()
    assert [m.subject for m in mail.outbox] == ["新交办建议"]
