"""家站点 stations, deputies' assignment to them over time, reception schedules and visits."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from liaison.models import Deputy, Region


class Platform(models.Model):
    """A platform a station also hosts: 基层立法联系点, 预算联系点, 检察联络站, 法官工作室 …"""

    code = models.SlugField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=32, unique=True)

    class Meta:
        verbose_name = verbose_name_plural = "共建平台"
        ordering = ["id"]

    def __str__(self):
        return self.name


class Station(models.Model):
    """A liaison place: 代表之家 (home), 代表联络站 (station), 代表联系点 (point) or 网上联络站 (online)."""

    class Kind(models.TextChoices):
        HOME = "home", "代表之家"
        STATION = "station", "代表联络站"
        POINT = "point", "代表联系点"
        ONLINE = "online", "网上联络站"

    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.STATION)
    name = models.CharField("名称", max_length=64)
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="stations")
    address = models.CharField("地址", max_length=128, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name="所属代表之家", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    phone = models.CharField("联系电话", max_length=32, blank=True)
    opening_hours = models.CharField("开放时间", max_length=128, blank=True)
    established_on = models.DateField("建成日期", null=True, blank=True)
    stars = models.PositiveSmallIntegerField(
        "星级", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评定人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rated_at = models.DateTimeField("评定时间", null=True, blank=True)
    platforms = models.ManyToManyField(Platform, verbose_name="共建平台", blank=True, related_name="stations")
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="工作人员", blank=True, related_name="staffed_stations"
    )
    public_id = models.UUIDField("公开编号", default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "家站点"
        ordering = ["region__code", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="station_unique_name")]

    def __str__(self):
        return self.name


class StationStandard(models.Model):
    """One of the five standards (五有) of a station, with a note and the date it was checked."""

    class Standard(models.TextChoices):
        SITE = "site", "有场地"
        EQUIPMENT = "equipment", "有设备"
        DEPUTIES = "deputies", "有代表"
        RULES = "rules", "有制度"
        RECORDS = "records", "有记录"

    station = models.ForeignKey(Station, verbose_name="站点", on_delete=models.CASCADE, related_name="standards")
    standard = models.CharField("标准", max_length=10, choices=Standard.choices)
    met = models.BooleanField("达标", default=False)
    note = models.CharField("说明", max_length=200, blank=True)
    checked_on = models.DateField("检查日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "五有标准"
        constraints = [models.UniqueConstraint(fields=["station", "standard"], name="standard_once_per_station")]

    def __str__(self):
        return f"{self.station} · {self.get_standard_display()}"


class StationDeputy(models.Model):
    """A deputy grouped into a station (编组进站) for a period; a deputy may belong to several."""

    class Role(models.TextChoices):
        HEAD = "head", "站长"
        LIAISON = "liaison", "联络员"
        MEMBER = "member", "成员"

    station = models.ForeignKey(Station, verbose_name="站点", on_delete=models.CASCADE, related_name="assignments")
    deputy = models.ForeignKey(
        Deputy, verbose_name="代表", on_delete=models.CASCADE, related_name="station_assignments"
    )
    role = models.CharField("职务", max_length=10, choices=Role.choices, default=Role.MEMBER)
    started_on = models.DateField("进站日期")
    ended_on = models.DateField("离站日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "编组进站"
        ordering = ["station", "role", "deputy"]
        indexes = [models.Index(fields=["deputy", "ended_on"])]

    def __str__(self):
        return f"{self.deputy} @ {self.station}"


class ReceptionRule(models.Model):
    """A recurring reception day, e.g. the 15th of every month (代表与法官联合接待日)."""

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "每月"
        WEEKLY = "weekly", "每周"

    station = models.ForeignKey(Station, verbose_name="站点", on_delete=models.CASCADE, related_name="reception_rules")
    frequency = models.CharField("周期", max_length=8, choices=Frequency.choices, default=Frequency.MONTHLY)
    day = models.PositiveSmallIntegerField("日期", help_text="每月几号（1–28），或每周星期几（1=周一）")
    starts_at = models.TimeField("开始时间")
    ends_at = models.TimeField("结束时间")
    theme = models.CharField("主题", max_length=100, blank=True)
    deputies = models.ManyToManyField(Deputy, verbose_name="接待代表", blank=True, related_name="+")
    active_from = models.DateField("生效日期")
    active_until = models.DateField("截止日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "固定接待日规则"

    def __str__(self):
        return f"{self.station} · {self.get_frequency_display()}{self.day}"


class ReceptionSchedule(models.Model):
    """One reception day (接待日) at a station, with the deputies on duty."""

    station = models.ForeignKey(Station, verbose_name="站点", on_delete=models.CASCADE, related_name="schedules")
    date = models.DateField("日期")
    starts_at = models.TimeField("开始时间")
    ends_at = models.TimeField("结束时间")
    deputies = models.ManyToManyField(Deputy, verbose_name="值班代表", blank=True, related_name="duty_schedules")
    theme = models.CharField("主题", max_length=100, blank=True)
    rule = models.ForeignKey(
        ReceptionRule,
        verbose_name="来自规则",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="schedules",
    )

    class Meta:
        verbose_name = verbose_name_plural = "接待日安排"
        ordering = ["date", "starts_at"]
        indexes = [models.Index(fields=["station", "date"])]
        constraints = [models.UniqueConstraint(fields=["rule", "date"], name="schedule_once_per_rule_and_date")]

    def __str__(self):
        return f"{self.station} {self.date}"


class Visit(models.Model):
    """A citizen's visit or contact logged by station staff. Name and phone are personal data."""

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", "到站接待"
        HOME_VISIT = "home_visit", "走访入户"
        PHONE = "phone", "电话"
        ONLINE = "online", "网上"
        MEETING = "meeting", "座谈会"
        PHOTO_REPORT = "photo_report", "随手拍"

    class Outcome(models.TextChoices):
        ANSWERED = "answered", "当场答复"
        TO_SUGGESTION = "to_suggestion", "转为意见建议"
        REFERRED = "referred", "转交有关部门"
        NO_ACTION = "no_action", "无需处理"

    station = models.ForeignKey(
        Station,
        verbose_name="站点",
        on_delete=models.PROTECT,
        related_name="visits",
        db_index=False,  # the (station, -visited_at) index starts with it; each index is paid on every visit
    )
    visited_at = models.DateTimeField("接待时间")
    channel = models.CharField("渠道", max_length=14, choices=Channel.choices, default=Channel.IN_PERSON)
    visitor_name = models.CharField("来访人姓名", max_length=32, blank=True)
    visitor_phone = models.CharField("来访人电话", max_length=20, blank=True)
    people_count = models.PositiveSmallIntegerField("人数", default=1, validators=[MinValueValidator(1)])
    deputies = models.ManyToManyField(Deputy, verbose_name="接待代表", blank=True, related_name="visits")
    category = models.ForeignKey(
        "suggestions.Category", verbose_name="分类", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField("反映内容")
    outcome = models.CharField("处理方式", max_length=14, choices=Outcome.choices, default=Outcome.ANSWERED)
    outcome_note = models.TextField("处理说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "来访登记"
        ordering = ["-visited_at", "-id"]
        indexes = [models.Index(fields=["station", "-visited_at"])]

    def __str__(self):
        return f"{self.station} {self.visited_at:%Y-%m-%d %H:%M}"


class VisitPhoto(models.Model):
    """A photo attached to a visit (size and type are validated by the form and serializer)."""

    visit = models.ForeignKey(Visit, verbose_name="来访", on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField("照片", upload_to="visits/%Y/%m/")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "来访照片"

    def __str__(self):
        return self.image.name


class VisitChange(models.Model):
    """Who changed a visit, when, and what (field → [old, new]); phones are stored masked."""

    visit = models.ForeignKey(Visit, verbose_name="来访", on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="修改人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField("修改时间", auto_now_add=True)
    changes = models.JSONField("修改内容", default=dict)

    class Meta:
        verbose_name = verbose_name_plural = "来访修改记录"
        ordering = ["-changed_at"]

    def __str__(self):
        return f"{self.visit} · {self.changed_at:%Y-%m-%d %H:%M}"
