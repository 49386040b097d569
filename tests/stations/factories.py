from datetime import date, time

import factory
from django.utils import timezone

from stations.models import Platform, ReceptionRule, ReceptionSchedule, Station, StationDeputy, Visit
from suggestions.models import Category
from tests.liaison.factories import DeputyFactory, RegionFactory


class PlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Platform
        django_get_or_create = ["code"]

    code = "legislative"
    name = "基层立法联系点"


class StationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Station

    kind = Station.Kind.STATION
    name = factory.Sequence(lambda n: f"第{n}人大代表联络站")
    region = factory.SubFactory(RegionFactory)
    address = "某街道党群服务中心"
    opening_hours = "工作日 8:30–17:30"
    phone = "027-85550000"


class StationDeputyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StationDeputy

    station = factory.SubFactory(StationFactory)
    deputy = factory.SubFactory(DeputyFactory)
    started_on = date(2023, 3, 1)


class RuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReceptionRule

    station = factory.SubFactory(StationFactory)
    frequency = ReceptionRule.Frequency.MONTHLY
    day = 15
    starts_at = time(9)
    ends_at = time(12)
    theme = "代表与法官联合接待日"
    active_from = date(2024, 1, 1)


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReceptionSchedule
        skip_postgeneration_save = True

    station = factory.SubFactory(StationFactory)
    date = factory.LazyFunction(timezone.localdate)
    starts_at = time(9)
    ends_at = time(11, 30)
    theme = "代表接待日"

    @factory.post_generation
    def deputies(self, create, extracted, **kwargs):
        if create and extracted:
            self.deputies.set(extracted)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["parent", "name"]

    name = factory.Sequence(lambda n: f"分类{n}")
    parent = None


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit
        skip_postgeneration_save = True

    station = factory.SubFactory(StationFactory)
    visited_at = factory.LazyFunction(timezone.now)
    channel = Visit.Channel.IN_PERSON
    visitor_name = "张三丰"
    visitor_phone = "13812341234"
    content = "小区加装电梯的协调问题"

    @factory.post_generation
    def deputies(self, create, extracted, **kwargs):
        if create and extracted:
            self.deputies.set(extracted)
