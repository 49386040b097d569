"""Shared fixtures: demo-like users per role, API clients, and the real-service switches.

Tests that need PostgreSQL, Redis or Chromium skip on a machine without them, unless
REQUIRE_SERVICES=1 (as in CI), where a missing service is a failure.
"""

import os

import pytest
from django.core.cache import cache
from django.db import connection
from rest_framework.test import APIClient

from liaison.celery import app as celery_app
from liaison.models import Level
from tests.liaison.factories import (
    CommitteeStaffFactory,
    CongressFactory,
    DeputyFactory,
    MandateFactory,
    MembershipFactory,
    TermFactory,
    UserFactory,
    region,
)

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def need(condition: bool, reason: str) -> None:
    if condition:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


@pytest.fixture
def postgres_only():
    need(connection.vendor == "postgresql", "needs PostgreSQL (set DATABASE_URL)")


@pytest.fixture(autouse=True)
def eager_celery(settings):
    """Unit tests run tasks in-process; the worker tests turn this off."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # tests only
    cache.clear()  # rate-limit counters start afresh in every test


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def api_as(api):
    """`api_as(user)` → an API client authenticated as that user."""

    def login(user):
        api.force_authenticate(user=user)
        return api

    return login


@pytest.fixture
def hubei(db):
    """湖北省 with 武汉市/江汉区/唐家墩街道 and 荆州市/洪湖市, a congress per level, and deputies:
    谢爱娥 (provincial + municipal 荆州), a 江汉区 county deputy, a 洪湖市 county deputy."""
    province = region("420000", "湖北省", "province")
    wuhan = region("420100", "武汉市", "city", province)
    jianghan = region("420103", "江汉区", "county", wuhan)
    tangjiadun = region("420103003", "唐家墩街道", "township", jianghan)
    jingzhou = region("421000", "荆州市", "city", province)
    honghu = region("421083", "洪湖市", "county", jingzhou)

    def term(congress_region, level):
        return TermFactory(congress=CongressFactory(region=congress_region, level=level))

    terms = {
        "hubei": term(province, Level.PROVINCIAL),
        "jingzhou": term(jingzhou, Level.MUNICIPAL),
        "jianghan": term(jianghan, Level.COUNTY),
        "honghu": term(honghu, Level.COUNTY),
    }
    xie = DeputyFactory(name="谢爱娥", phone="13872345678", user=UserFactory(username="deputy"))
    MandateFactory(deputy=xie, term=terms["hubei"], region=jingzhou)
    MandateFactory(deputy=xie, term=terms["jingzhou"], region=honghu)
    jianghan_deputy = DeputyFactory(name="陈志强", user=UserFactory(username="deputy_2"))
    MandateFactory(deputy=jianghan_deputy, term=terms["jianghan"], region=tangjiadun)
    honghu_deputy = DeputyFactory(name="刘洪")
    MandateFactory(deputy=honghu_deputy, term=terms["honghu"], region=honghu)
    group = MembershipFactory(deputy=xie).group
    MembershipFactory(group=group, deputy=honghu_deputy)
    return {
        "regions": {"province": province, "wuhan": wuhan, "jianghan": jianghan, "jingzhou": jingzhou, "honghu": honghu},
        "terms": terms,
        "deputies": {"xie": xie, "jianghan": jianghan_deputy, "honghu": honghu_deputy},
        "group": group,
        "committee": CommitteeStaffFactory(user=UserFactory(username="committee"), region=province).user,
        "committee_wuhan": CommitteeStaffFactory(user=UserFactory(username="committee_wuhan"), region=wuhan).user,
        "admin": UserFactory(username="admin", is_superuser=True, is_staff=True),
    }
