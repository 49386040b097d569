from datetime import date, timedelta

import factory
from django.utils import timezone

from legislation.models import Article, Consultation, ContactPoint, Draft, InformationOfficer, Opinion
from legislation.splitter import split_articles
from tests.liaison.factories import RegionFactory

SHORT_DRAFT = """某某条例（草案）
第一章　总则
第一条　为了规范某某工作，制定本条例。
第二条　本条例适用于本省。
第二章　管理
第三条　县级以上人民政府负责管理。
第三条之一　乡镇人民政府予以配合。
"""


class ContactPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPoint
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"第{n}基层立法联系点")
    legislature = "湖北省人大常委会法制工作委员会"
    region = factory.SubFactory(RegionFactory)

    @factory.post_generation
    def staff(self, create, users, **kwargs):
        if create and users:
            self.staff.add(*users)


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InformationOfficer

    contact_point = factory.SubFactory(ContactPointFactory)
    name = factory.Faker("name", locale="zh_CN")
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    active_from = date(2023, 1, 1)


class DraftFactory(factory.django.DjangoModelFactory):
    """A draft whose articles are split from its text, as the service does."""

    class Meta:
        model = Draft
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"某某条例（草案第{n}稿）")
    legislature = "湖北省人大常委会"
    text = SHORT_DRAFT

    @factory.post_generation
    def articles(self, create, extracted, **kwargs):
        if create:
            Article.objects.bulk_create(
                Article(draft=self, position=i, number=a.number, chapter=a.chapter, section=a.section, text=a.text)
                for i, a in enumerate(split_articles(self.text), start=1)
            )


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation
        skip_postgeneration_save = True

    draft = factory.SubFactory(DraftFactory)
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))

    @factory.post_generation
    def contact_points(self, create, points, **kwargs):
        if create and points:
            self.contact_points.add(*points)


class OpinionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opinion

    consultation = factory.SubFactory(ConsultationFactory)
    contact_point = factory.LazyAttribute(lambda o: o.consultation.contact_points.order_by("pk").first())
    content = factory.Sequence(lambda n: f"第{n}条意见：建议修改表述。")
    submitter_name = "张先生"
    submitted_on = date(2024, 5, 10)


def article(draft: Draft, number: str) -> Article:
    return draft.articles.get(number=number)
