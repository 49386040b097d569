from types import SimpleNamespace

import pytest
from django.core.cache import cache

from tests.legislation.factories import ConsultationFactory, ContactPointFactory, DraftFactory, OfficerFactory
from tests.liaison.factories import UserFactory, region


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """django-ratelimit counts in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def lx(hubei):
    """Two contact points in different places, each with its own staff and an officer, and a consultation
    sent to both: 江欣苑 (唐家墩街道, 武汉) and 洪湖 (荆州)."""
    tangjiadun = region("420103003", "唐家墩街道", "township", hubei["regions"]["jianghan"])
    staff = UserFactory(username="legislation_staff")
    staff_2 = UserFactory(username="legislation_staff_2")
    jxy = ContactPointFactory(name="江欣苑社区基层立法联系点", region=tangjiadun, staff=[staff])
    honghu = ContactPointFactory(name="洪湖基层立法联系点", region=hubei["regions"]["honghu"], staff=[staff_2])
    draft = DraftFactory()
    return SimpleNamespace(
        **hubei,
        staff=staff,
        staff_2=staff_2,
        jxy=jxy,
        honghu=honghu,
        officer=OfficerFactory(contact_point=jxy, name="王梦", phone="13907141001"),
        officer_honghu=OfficerFactory(contact_point=honghu, name="刘洪波", phone="13872345000"),
        draft=draft,
        consultation=ConsultationFactory(draft=draft, contact_points=[jxy, honghu]),
        outsider=UserFactory(username="outsider"),
    )
