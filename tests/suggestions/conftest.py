import pytest
from django.utils import timezone

from stations.models import Station, Visit
from suggestions.models import Category, HandlingUnit, RoutingRule
from tests.liaison.factories import UserFactory


@pytest.fixture
def world(hubei):
    """The hubei fixture plus categories, three units with staff, a routing rule for 老旧小区改造 in
    江汉区, a station in 唐家墩街道 with staff, and a visit there."""
    regions = hubei["regions"]
    urban = Category.objects.create(name="城乡建设", order=2)
    old_housing = Category.objects.create(name="老旧小区改造", parent=urban)
    education = Category.objects.create(name="教科文卫", order=4)
    school = Category.objects.create(name="义务教育", parent=education)

    def unit(name, region, username):
        handling_unit = HandlingUnit.objects.create(name=name, region=region)
        handling_unit.staff.add(UserFactory(username=username, email=f"{username}@example.org"))
        return handling_unit

    housing = unit("江汉区住房和城市更新局", regions["jianghan"], "unit_staff")
    schools = unit("江汉区教育局", regions["jianghan"], "unit_schools")
    water = unit("洪湖市水利和湖泊局", regions["honghu"], "unit_water")
    rule = RoutingRule.objects.create(category=old_housing, region=regions["jianghan"], lead_unit=housing)
    rule.co_units.add(schools)

    tangjiadun = regions["province"].__class__.objects.get(code="420103003")
    station = Station.objects.create(name="江欣苑社区人大代表联络站", region=tangjiadun)
    station.staff.add(UserFactory(username="station_staff"))
    other_station = Station.objects.create(name="滨湖街道人大代表之家", region=regions["honghu"])
    other_station.staff.add(UserFactory(username="station_staff_2"))
    visit = Visit.objects.create(
        station=station,
        visited_at=timezone.now(),
        visitor_name="张小明",
        visitor_phone="13912345678",
        content="小区二次供水水压不足，高层住户用水困难",
        category=old_housing,
    )
    visit.deputies.add(hubei["deputies"]["jianghan"])
    return {
        **hubei,
        "categories": {"urban": urban, "old_housing": old_housing, "education": education, "school": school},
        "units": {"housing": housing, "schools": schools, "water": water},
        "staff": {u.username: u for u in (housing.staff.get(), schools.staff.get(), water.staff.get())},
        "stations": {"jiangxinyuan": station, "binhu": other_station},
        "station_staff": station.staff.get(),
        "station_staff_2": other_station.staff.get(),
        "visit": visit,
        "rule": rule,
    }


@pytest.fixture
def submit(world, django_capture_on_commit_callbacks):
    """`submit(deputy_key, **fields)` → a suggestion submitted by that deputy, routed in-process."""
    from suggestions import services

    def _submit(
        deputy="jianghan", *, title="关于加快老旧小区加装电梯的建议", content=None, category="old_housing", **extra
    ):
        with django_capture_on_commit_callbacks(execute=True):
            suggestion = services.suggestion_submit(
                actor=world["deputies"][deputy].user,
                title=title,
                content=content or "唐家墩街道多个老旧小区居民反映上下楼困难，希望加大加装电梯补贴力度。",
                category=world["categories"][category] if category else None,
                **extra,
            )
        suggestion.refresh_from_db()
        return suggestion

    return _submit


@pytest.fixture
def act(django_capture_on_commit_callbacks):
    """`act(service, suggestion, actor, **kwargs)` runs a service with its after-commit work."""

    def _act(service, suggestion, actor, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            result = service(suggestion_id=suggestion.pk, actor=actor, **kwargs)
        suggestion.refresh_from_db()
        return result

    return _act
