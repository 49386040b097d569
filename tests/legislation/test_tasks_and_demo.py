import pytest
from django.core.management import call_command

from legislation import tasks
from legislation.models import Consultation, ContactPoint, Draft, InformationOfficer, Opinion
from liaison.models import Notification
from liaison.scoping import scope_for

pytestmark = pytest.mark.django_db


def test_the_task_notifies_once_however_often_it_is_delivered(lx):
    assert tasks.consultation_notify_staff.delay(lx.consultation.pk).get() is True
    assert tasks.consultation_notify_staff.delay(lx.consultation.pk).get() is False
    assert Notification.objects.filter(recipient=lx.staff).count() == 1


def test_the_task_ignores_a_consultation_that_no_longer_exists(db):
    assert tasks.consultation_notify_staff.delay(987654).get() is False


def counts():
    return [m.objects.count() for m in (ContactPoint, InformationOfficer, Draft, Consultation, Opinion)]


def test_seed_demo_is_idempotent_and_gives_legislation_staff_an_open_and_a_reported_consultation(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", verbosity=0)
    first = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == first
    staff = ContactPoint.objects.get(name="江欣苑社区基层立法联系点").staff.get()
    assert staff.username == "legislation_staff" and scope_for(staff).contact_points
    mine = Consultation.objects.filter(contact_points__staff=staff)
    assert set(mine.values_list("status", flat=True)) == {"open", "reported"}
    tea = Draft.objects.get(title__startswith="宜昌市茶产业发展促进条例")
    assert tea.articles.count() == 21 and tea.articles.filter(number="第七条之一").exists()
    assert Opinion.objects.filter(consultation__status="reported").exclude(outcome="").count() >= 4
    assert Notification.objects.filter(recipient=staff, title__contains="茶产业").count() == 1
