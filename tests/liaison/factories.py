from datetime import date

import factory
from django.contrib.auth import get_user_model

from liaison.models import (
    CommitteeStaff,
    Congress,
    Deputy,
    DeputyGroup,
    GroupMembership,
    Level,
    Mandate,
    Region,
    Term,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("name", locale="zh_CN")
    password = factory.django.Password("pass-1234")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = "420000"
    name = "湖北省"
    level = Region.Level.PROVINCE


def region(code: str, name: str, level: str, parent: Region | None = None) -> Region:
    return RegionFactory(code=code, name=name, level=level, parent=parent)


class CongressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Congress
        django_get_or_create = ["name"]

    name = factory.LazyAttribute(lambda o: f"{o.region.name}人民代表大会")
    level = Level.PROVINCIAL
    region = factory.SubFactory(RegionFactory)


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ["congress", "number"]

    congress = factory.SubFactory(CongressFactory)
    number = 14
    started_on = date(2023, 1, 15)


class DeputyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deputy

    name = factory.Faker("name", locale="zh_CN")
    gender = Deputy.Gender.FEMALE
    sector = Deputy.Sector.FARMER
    phone = factory.Sequence(lambda n: f"138{n:08d}")


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandate

    deputy = factory.SubFactory(DeputyFactory)
    term = factory.SubFactory(TermFactory)
    region = factory.SelfAttribute("term.congress.region")
    constituency = "某选区"
    started_on = date(2023, 1, 15)


class DeputyGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeputyGroup

    name = factory.Sequence(lambda n: f"第{n}代表小组")
    region = factory.SubFactory(RegionFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupMembership

    group = factory.SubFactory(DeputyGroupFactory)
    deputy = factory.SubFactory(DeputyFactory)
    joined_on = date(2023, 3, 1)


class CommitteeStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeStaff

    user = factory.SubFactory(UserFactory)
    region = factory.SubFactory(RegionFactory)
