"""Basic-level legislative contact points (基层立法联系点): their information officers, the drafts
sent to them article by article, consultations on those drafts, and the opinions collected."""

from django.conf import settings
from django.db import models

from liaison.models import Deputy, Region


class LegislatureLevel(models.TextChoices):
    """Whose draft it is, or whom a contact point serves."""

    NATIONAL = "national", "全国人大常委会"
    PROVINCIAL = "provincial", "省级人大常委会"
    MUNICIPAL = "municipal", "设区的市人大常委会"


class ContactPoint(models.Model):
    """A contact point that collects the public's opinions on drafts for the legislature it serves,
    often co-located with a deputies' station (its host)."""

    name = models.CharField("名称", max_length=64, unique=True)
    legislature = models.CharField("服务的立法机关", max_length=64, help_text="如 湖北省人大常委会法制工作委员会")
    legislature_level = models.CharField(
        "立法机关层级", max_length=12, choices=LegislatureLevel.choices, default=LegislatureLevel.PROVINCIAL
    )
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="contact_points")
    host_station = models.ForeignKey(
        "stations.Station",
        verbose_name="依托站点",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_points",
    )
    established_on = models.DateField("设立日期", null=True, blank=True)
    address = models.CharField("地址", max_length=128, blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="工作人员", related_name="contact_points", blank=True
    )

    class Meta:
        verbose_name = verbose_name_plural = "基层立法联系点"
        ordering = ["region__code", "name"]

    def __str__(self):
        return self.name


class InformationOfficer(models.Model):
    """An information officer (立法信息员) of a contact point; the phone is personal data."""

    contact_point = models.ForeignKey(
        ContactPoint, verbose_name="联系点", on_delete=models.CASCADE, related_name="officers"
    )
    name = models.CharField("姓名", max_length=32)
    phone = models.CharField("手机号", max_length=20, blank=True, help_text="个人信息，仅本联系点工作人员可见全号")
    organisation = models.CharField("工作单位", max_length=64, blank=True)
    deputy = models.ForeignKey(
        Deputy,
        verbose_name="人大代表",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="officer_roles",
        help_text="信息员本人是人大代表时填写",
    )
    active_from = models.DateField("聘任日期")
    active_until = models.DateField("解聘日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "立法信息员"
        ordering = ["contact_point", "name"]

    def __str__(self):
        return self.name


class Draft(models.Model):
    """A draft law or regulation; its text is split into articles (Article) on 第…章 / 第…条."""

    class Kind(models.TextChoices):
        LAW = "law", "法律"
        ADMINISTRATIVE = "administrative", "行政法规"
        LOCAL_REGULATION = "local_regulation", "地方性法规"
        AUTONOMOUS = "autonomous", "单行条例"
        RULE = "rule", "政府规章"

    class Reading(models.TextChoices):
        CONSULTATION = "consultation", "征求意见稿"
        FIRST = "first", "一审稿"
        SECOND = "second", "二审稿"
        THIRD = "third", "三审稿"

    title = models.CharField("标题", max_length=128)
    legislature = models.CharField("起草或审议机关", max_length=64)
    legislature_level = models.CharField(
        "立法机关层级", max_length=12, choices=LegislatureLevel.choices, default=LegislatureLevel.PROVINCIAL
    )
    kind = models.CharField("类别", max_length=16, choices=Kind.choices, default=Kind.LOCAL_REGULATION)
    reading = models.CharField("审次", max_length=12, choices=Reading.choices, default=Reading.CONSULTATION)
    text = models.TextField("全文")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "法律法规草案"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title


class Article(models.Model):
    """One article (条) of a draft, in order, with the chapter (章) and section (节) it sits in."""

    draft = models.ForeignKey(Draft, verbose_name="草案", on_delete=models.CASCADE, related_name="articles")
    position = models.PositiveIntegerField("顺序")
    number = models.CharField("条号", max_length=24, help_text="如 第十条、第十条之一")
    chapter = models.CharField("章", max_length=64, blank=True)
    section = models.CharField("节", max_length=64, blank=True)
    text = models.TextField("条文")

    class Meta:
        verbose_name = verbose_name_plural = "草案条文"
        ordering = ["draft", "position"]
        constraints = [models.UniqueConstraint(fields=["draft", "position"], name="article_unique_position")]

    def __str__(self):
        return self.number


class Consultation(models.Model):
    """A draft sent to one or more contact points for opinions until a deadline.

    open (征求中) → closed (已截止) → reported (已报送); once reported its opinions are frozen.
    """

    class Status(models.TextChoices):
        OPEN = "open", "征求中"
        CLOSED = "closed", "已截止"
        REPORTED = "reported", "已报送"

    draft = models.ForeignKey(Draft, verbose_name="草案", on_delete=models.PROTECT, related_name="consultations")
    contact_points = models.ManyToManyField(ContactPoint, verbose_name="联系点", related_name="consultations")
    deadline = models.DateField("截止日期")
    note = models.TextField("征求说明", blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField("发起时间", auto_now_add=True)
    closed_at = models.DateTimeField("截止时间", null=True, blank=True)
    reported_at = models.DateTimeField("报送时间", null=True, blank=True)
    staff_notified_at = models.DateTimeField("通知工作人员时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "立法征求意见"
        ordering = ["-opened_at", "-id"]

    def __str__(self):
        return f"{self.draft.title}（截止 {self.deadline:%Y-%m-%d}）"


class Opinion(models.Model):
    """An opinion on a draft, on one article or on the whole (article empty), collected by a contact
    point; once the law is passed, its adoption outcome is recorded and can be told to the submitter."""

    class SubmitterKind(models.TextChoices):
        OFFICER = "officer", "立法信息员"
        DEPUTY = "deputy", "人大代表"
        RESIDENT = "resident", "居民群众"
        ENTERPRISE = "enterprise", "企业"
        EXPERT = "expert", "专家学者"
        ORGANISATION = "organisation", "社会组织"
        OTHER = "other", "其他"

    class Channel(models.TextChoices):
        SYMPOSIUM = "symposium", "座谈会"
        QUESTIONNAIRE = "questionnaire", "问卷"
        VISIT = "visit", "走访"
        ONLINE = "online", "网上"
        HEARING = "hearing", "听证会"

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", "采纳"
        PARTLY_ADOPTED = "partly_adopted", "部分采纳"
        NOT_ADOPTED = "not_adopted", "未采纳"

    consultation = models.ForeignKey(
        Consultation, verbose_name="征求意见", on_delete=models.CASCADE, related_name="opinions"
    )
    contact_point = models.ForeignKey(
        ContactPoint, verbose_name="收集联系点", on_delete=models.PROTECT, related_name="opinions"
    )
    article = models.ForeignKey(
        Article,
        verbose_name="条文",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinions",
        help_text="留空表示对草案的总体意见",
    )
    content = models.TextField("意见内容")
    submitter_name = models.CharField("提出人", max_length=64)
    submitter_kind = models.CharField(
        "提出人类别", max_length=14, choices=SubmitterKind.choices, default=SubmitterKind.RESIDENT
    )
    submitter_phone = models.CharField("联系电话", max_length=20, blank=True, help_text="个人信息，用于反馈采纳情况")
    officer = models.ForeignKey(
        InformationOfficer,
        verbose_name="信息员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opinions",
        help_text="收集或提出该意见的立法信息员",
    )
    channel = models.CharField("收集渠道", max_length=14, choices=Channel.choices, default=Channel.SYMPOSIUM)
    submitted_on = models.DateField("提出日期")
    merged_into = models.ForeignKey(
        "self",
        verbose_name="并入意见",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    outcome = models.CharField("采纳情况", max_length=16, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField("采纳说明", blank=True, help_text="可反馈给提出人")
    outcome_recorded_at = models.DateTimeField("采纳情况登记时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "立法意见"
        ordering = ["consultation", "article__position", "id"]
        indexes = [
            models.Index(fields=["consultation", "article"]),
            models.Index(fields=["contact_point", "submitted_on"]),
        ]

    def __str__(self):
        return f"{self.article or '总体意见'} · {self.submitter_name}"
