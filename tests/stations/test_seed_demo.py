import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from liaison.scoping import scope_for
from stations.models import ReceptionSchedule, Station, StationDeputy, Visit

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Station, StationDeputy, ReceptionSchedule, Visit, Visit.deputies.through)]


def test_seed_demo_stays_idempotent_with_stations():
    call_command("seed_demo", verbosity=0)
    first = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == first
    assert first[3] >= 200, "a few hundred visits"


def test_the_demo_stations_the_others_build_on():
    call_command("seed_demo", verbosity=0)
    users = get_user_model().objects
    jiangxinyuan = Station.objects.get(name="江欣苑社区人大代表联络站", region__code="420103003")
    assert jiangxinyuan.platforms.filter(name="基层立法联系点").exists()
    assert scope_for(users.get(username="station_staff")).stations == (jiangxinyuan.pk,)
    liudong = Station.objects.get(name="刘洞镇人大代表之家", region__code="420304105")
    assert scope_for(users.get(username="station_staff_2")).stations == (liudong.pk,)
    court = Station.objects.get(name="下辛店镇人大代表联络站", region__code="420923104")
    assert court.platforms.filter(name="法官工作室").exists()
    assert court.reception_rules.get(frequency="monthly").day == 15
    assert court.schedules.filter(date__day=15, theme="代表与法官联合接待日").exists()
    for name in ["九畹溪镇人大代表之家", "苏马荡片区人大代表联络站", "滨湖街道人大代表之家"]:
        assert Station.objects.filter(name=name).exists(), name
    assert Station.objects.filter(kind="point", parent__kind="home").exists()
    assert StationDeputy.objects.filter(deputy__user__username="deputy").count() == 2
    assert StationDeputy.objects.filter(deputy__user__username="deputy_2").exists()


def test_station_staff_have_visits_and_deputies_on_duty_today():
    call_command("seed_demo", verbosity=0)
    station = Station.objects.get(name="江欣苑社区人大代表联络站")
    today = timezone.localdate()
    assert station.schedules.get(date=today, rule=None).deputies.count() == 2
    assert station.visits.filter(visited_at__date=today).exists()
