"""People and organisation: regions, congresses and their terms, deputies and their mandates,
deputy groups, and the committee staff who supervise a region."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


def region_prefix(code: str) -> str:
    """The code prefix shared by a region and everything under it.

    GB/T 2260: 420000 湖北省 → "42", 420100 武汉市 → "4201", 420103 江汉区 → "420103";
    a nine-digit township code is its own prefix.
    """
    code = code.strip()
    if len(code) == 6:
        for _ in range(2):
            if code.endswith("00"):
                code = code[:-2]
    return code


def codes_covering(code: str) -> list[str]:
    """The codes of a region and of the regions above it: 420103003 → 420103003, 420103, 420100, 420000."""
    code = code.strip()
    county = code[:6]
    return list(dict.fromkeys([code, county, county[:4] + "00", county[:2] + "0000"]))


class Region(models.Model):
    """An administrative region with its GB/T 2260 code; "everything under it" is a code prefix."""

    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        CITY = "city", "市级"
        COUNTY = "county", "县级"
        TOWNSHIP = "township", "乡镇级"

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=64)
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = verbose_name_plural = "行政区划"
        ordering = ["code"]
        indexes = [models.Index(fields=["code"], name="region_code_prefix", opclasses=["varchar_pattern_ops"])]

    def __str__(self):
        return self.name

    @property
    def prefix(self) -> str:
        return region_prefix(self.code)

    @property
    def full_name(self) -> str:
        """湖北省武汉市江汉区, built from the parents (used on labels, not in queries)."""
        names, region = [], self
        while region is not None:
            names.append(region.name)
            region = region.parent
        return "".join(reversed(names))


class Level(models.TextChoices):
    """The five levels of people's congresses."""

    NATIONAL = "national", "全国"
    PROVINCIAL = "provincial", "省级"
    MUNICIPAL = "municipal", "设区的市级"
    COUNTY = "county", "县级"
    TOWNSHIP = "township", "乡镇级"

    @classmethod
    def rank(cls, level: str) -> int:
        """0 for national … 4 for township."""
        return cls.values.index(level)


class Congress(models.Model):
    """The people's congress of a region at one of the five levels (全国人大 has no region)."""

    name = models.CharField("名称", max_length=64, unique=True)
    level = models.CharField("级别", max_length=10, choices=Level.choices)
    region = models.ForeignKey(
        Region, verbose_name="行政区划", null=True, blank=True, on_delete=models.PROTECT, related_name="congresses"
    )

    class Meta:
        verbose_name = verbose_name_plural = "人民代表大会"
        ordering = ["region__code", "name"]

    def __str__(self):
        return self.name


class Term(models.Model):
    """A term (届次) of a congress, e.g. 湖北省第十四届人民代表大会."""

    congress = models.ForeignKey(Congress, verbose_name="人大", on_delete=models.CASCADE, related_name="terms")
    number = models.PositiveSmallIntegerField("届次")
    started_on = models.DateField("开始")
    ends_on = models.DateField("届满", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "届次"
        ordering = ["congress", "-number"]
        constraints = [models.UniqueConstraint(fields=["congress", "number"], name="term_unique_number")]

    def __str__(self):
        return f"{self.congress.name}第{self.number}届"


class Deputy(models.Model):
    """One person who is a deputy; each congress term they serve in is a Mandate."""

    class Gender(models.TextChoices):
        MALE = "male", "男"
        FEMALE = "female", "女"

    class Sector(models.TextChoices):
        WORKER = "worker", "工人"
        FARMER = "farmer", "农民"
        PROFESSIONAL = "professional", "专业技术人员"
        OFFICIAL = "official", "党政干部"
        BUSINESS = "business", "企业负责人"
        MILITARY = "military", "解放军"
        OTHER = "other", "其他"

    name = models.CharField("姓名", max_length=32, db_index=True)
    gender = models.CharField("性别", max_length=6, choices=Gender.choices)
    ethnicity = models.CharField("民族", max_length=16, default="汉族")
    birth_date = models.DateField("出生日期", null=True, blank=True)
    sector = models.CharField("职业构成", max_length=16, choices=Sector.choices, default=Sector.OTHER)
    occupation = models.CharField("工作单位及职务", max_length=128, blank=True)
    party = models.CharField("党派", max_length=32, default="中共党员")
    phone = models.CharField("手机号", max_length=20, blank=True, help_text="个人信息，仅有权限者可见全号")
    photo = models.ImageField("照片", upload_to="deputies/", blank=True)
    public_id = models.UUIDField("公开编号", default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputy",
    )

    class Meta:
        verbose_name = verbose_name_plural = "代表"
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class Mandate(models.Model):
    """A deputy's seat in one congress term, elected by a constituency or electoral unit."""

    class Status(models.TextChoices):
        SERVING = "serving", "在任"
        TERMINATED = "terminated", "终止"
        RESIGNED = "resigned", "辞去"

    deputy = models.ForeignKey(Deputy, verbose_name="代表", on_delete=models.CASCADE, related_name="mandates")
    term = models.ForeignKey(Term, verbose_name="届次", on_delete=models.PROTECT, related_name="mandates")
    constituency = models.CharField("选区或选举单位", max_length=64)
    region = models.ForeignKey(
        Region,
        verbose_name="所在区划",
        on_delete=models.PROTECT,
        related_name="mandates",
        help_text="选区所在的行政区划，按区划代码前缀筛选",
    )
    started_on = models.DateField("起始日期")
    ended_on = models.DateField("终止日期", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.SERVING)

    class Meta:
        verbose_name = verbose_name_plural = "代表资格"
        ordering = ["deputy", "term"]
        constraints = [models.UniqueConstraint(fields=["deputy", "term"], name="mandate_one_per_term")]

    def __str__(self):
        return f"{self.deputy.name} · {self.term}"

    @property
    def level(self) -> str:
        return self.term.congress.level

    def clean(self):
        if self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "终止日期不能早于起始日期"})


class DeputyGroup(models.Model):
    """A deputy group (代表小组): regional, or professional such as 法制 or 财经; often of mixed levels."""

    class Kind(models.TextChoices):
        REGIONAL = "regional", "区域小组"
        PROFESSIONAL = "professional", "专业小组"

    name = models.CharField("名称", max_length=64)
    kind = models.CharField("类型", max_length=14, choices=Kind.choices, default=Kind.REGIONAL)
    speciality = models.CharField("专业领域", max_length=32, blank=True, help_text="如 法制、财经")
    region = models.ForeignKey(Region, verbose_name="组织区划", on_delete=models.PROTECT, related_name="groups")
    leader = models.ForeignKey(
        Deputy, verbose_name="组长", null=True, blank=True, on_delete=models.SET_NULL, related_name="led_groups"
    )
    members = models.ManyToManyField(Deputy, through="GroupMembership", related_name="groups", verbose_name="成员")

    class Meta:
        verbose_name = verbose_name_plural = "代表小组"
        ordering = ["region__code", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="group_unique_name")]

    def __str__(self):
        return self.name


class GroupMembership(models.Model):
    """A deputy's membership of a group, with a role and dates."""

    class Role(models.TextChoices):
        LEADER = "leader", "组长"
        DEPUTY_LEADER = "deputy_leader", "副组长"
        MEMBER = "member", "成员"

    group = models.ForeignKey(DeputyGroup, verbose_name="小组", on_delete=models.CASCADE, related_name="memberships")
    deputy = models.ForeignKey(Deputy, verbose_name="代表", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("职务", max_length=14, choices=Role.choices, default=Role.MEMBER)
    joined_on = models.DateField("加入日期")
    left_on = models.DateField("退出日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "小组成员"
        constraints = [models.UniqueConstraint(fields=["group", "deputy"], name="membership_unique")]

    def __str__(self):
        return f"{self.group} · {self.deputy}"


class CommitteeStaff(models.Model):
    """A member of a standing committee's deputy-affairs office (代表工作机构), scoped to a region."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="账号", on_delete=models.CASCADE, related_name="committee_staff"
    )
    region = models.ForeignKey(
        Region, verbose_name="负责区划", on_delete=models.PROTECT, related_name="committee_staff"
    )
    title = models.CharField("职务", max_length=64, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "代表工作机构人员"

    def __str__(self):
        return f"{self.user.get_username()} · {self.region}"


class Notification(models.Model):
    """A message in a user's in-portal inbox; also sent by email when the user has an address."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="收件人", on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField("标题", max_length=120)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=200, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "站内通知"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.title


class OutboxMessage(models.Model):
    """A task to send to the broker, written in the same transaction as the change that needs it.

    A broker outage only delays it: the relay sends what is pending once the broker is back.
    """

    task = models.CharField("任务", max_length=120)
    kwargs = models.JSONField("参数", default=dict)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    attempts = models.PositiveIntegerField("尝试次数", default=0)
    last_error = models.TextField("最近错误", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "待发任务"
        ordering = ["id"]
        indexes = [models.Index(fields=["sent_at", "id"], name="outbox_pending")]

    def __str__(self):
        return f"{self.task}({self.kwargs})"


class PersonalDataAccess(models.Model):
    """One request that showed someone personal data unmasked (a visitor's or deputy's phone and
    name), with the records it showed: who looked, when, where, at what."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="查看人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField("用户名", max_length=150, blank=True)
    viewed_at = models.DateTimeField("查看时间", auto_now_add=True, db_index=True)
    path = models.CharField("地址", max_length=500)
    subject = models.CharField("数据类别", max_length=40)
    object_ids = models.JSONField("记录编号", default=list)
    count = models.PositiveIntegerField("记录数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "个人信息查看记录"
        ordering = ["-viewed_at", "-id"]

    def __str__(self):
        return f"{self.username} {self.subject} ×{self.count}"
