import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Count
from django.test import RequestFactory

from liaison.demo import ACCOUNTS, DEMO_PASSWORD
from liaison.models import Congress, Deputy, DeputyGroup, Level, Mandate, Region
from liaison.scoping import scope_for

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Region, Congress, Deputy, Mandate, DeputyGroup)]


def test_seed_demo_is_idempotent_and_creates_every_account():
    call_command("seed_demo", verbosity=0)
    first = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == first
    assert first[2] >= 200, "a few hundred deputies"
    for username, _label in ACCOUNTS:
        assert authenticate(RequestFactory().post("/login/"), username=username, password=DEMO_PASSWORD), username


def test_demo_data_covers_five_levels_mixed_groups_and_two_level_deputies():
    call_command("seed_demo", verbosity=0)
    assert set(Congress.objects.values_list("level", flat=True)) == set(Level.values)
    assert Region.objects.get(code="420923104").name == "下辛店镇"
    deputy = Deputy.objects.get(user__username="deputy")
    assert {m.level for m in deputy.mandates.all()} == {"provincial", "municipal"}
    assert DeputyGroup.objects.filter(kind="professional", speciality="法制").exists()
    two_level = Deputy.objects.annotate(seats=Count("mandates")).filter(seats__gte=2)
    assert two_level.count() >= 10


def test_demo_committee_accounts_have_their_regions():
    call_command("seed_demo", verbosity=0)
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    assert scope_for(users.get(username="committee")).region_code == "420000"
    assert scope_for(users.get(username="committee_wuhan")).region_prefix == "4201"
