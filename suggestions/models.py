"""Handling units, categories, routing rules, suggestions and every step of their handling."""

from django.conf import settings
from django.db import models

from liaison.models import Congress, Deputy, Region


class Category(models.Model):
    """A two-level suggestion category (财政经济 → 预算管理 …); visits use the same list."""

    name = models.CharField("名称", max_length=32)
    parent = models.ForeignKey(
        "self", verbose_name="上级分类", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "建议分类"
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="category_unique_name")]

    def __str__(self):
        return f"{self.parent.name} / {self.name}" if self.parent_id else self.name


class HandlingUnit(models.Model):
    """A unit that handles suggestions (承办单位): a government department, court, procuratorate …"""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", "政府部门"
        COURT = "court", "人民法院"
        PROCURATORATE = "procuratorate", "人民检察院"
        OTHER = "other", "其他单位"

    name = models.CharField("名称", max_length=64)
    kind = models.CharField("类型", max_length=14, choices=Kind.choices, default=Kind.GOVERNMENT)
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="units")
    congress = models.ForeignKey(
        Congress, verbose_name="对应人大", null=True, blank=True, on_delete=models.PROTECT, related_name="units"
    )
    parent = models.ForeignKey(
        "self", verbose_name="上级单位", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="工作人员", blank=True, related_name="units")

    class Meta:
        verbose_name = verbose_name_plural = "承办单位"
        ordering = ["region__code", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="unit_unique_name")]

    def __str__(self):
        return self.name


class RoutingRule(models.Model):
    """Category + region → lead unit and co-units; a submitted suggestion that matches is assigned at once."""

    category = models.ForeignKey(Category, verbose_name="分类", on_delete=models.CASCADE, related_name="routing_rules")
    region = models.ForeignKey(
        Region, verbose_name="适用区划（含下级）", on_delete=models.CASCADE, related_name="routing_rules"
    )
    lead_unit = models.ForeignKey(HandlingUnit, verbose_name="主办单位", on_delete=models.CASCADE, related_name="+")
    co_units = models.ManyToManyField(HandlingUnit, verbose_name="协办单位", blank=True, related_name="+")
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "交办规则"
        constraints = [models.UniqueConstraint(fields=["category", "region"], name="rule_unique_match")]

    def __str__(self):
        return f"{self.category} @ {self.region} → {self.lead_unit}"


class HandlingRules(models.Model):
    """A congress's deadlines, where local regulations differ from the defaults (DESIGN §2)."""

    congress = models.OneToOneField(Congress, verbose_name="人大", on_delete=models.CASCADE, related_name="rules")
    assign_within_workdays = models.PositiveSmallIntegerField("交办时限（工作日）", default=5)
    reply_within_months = models.PositiveSmallIntegerField("答复时限（月）", default=3)
    extended_reply_within_months = models.PositiveSmallIntegerField("延期答复最长时限（月）", default=6)
    co_view_within_months = models.PositiveSmallIntegerField("协办意见时限（月）", default=1)
    return_within_workdays = models.PositiveSmallIntegerField("退回时限（工作日）", default=7)
    rehandle_within_months = models.PositiveSmallIntegerField("重新办理时限（月）", default=1)
    feedback_within_workdays = models.PositiveSmallIntegerField("代表反馈时限（工作日）", default=20)
    remind_before_days = models.PositiveSmallIntegerField("到期前提醒（天）", default=7)

    class Meta:
        verbose_name = verbose_name_plural = "办理时限设置"

    def __str__(self):
        return f"{self.congress} 办理时限"


class CalendarDay(models.Model):
    """An exception to the Monday–Friday working week: a holiday, or a weekend worked (调休)."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否上班")
    note = models.CharField("说明", max_length=32, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "工作日历"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {'上班' if self.is_workday else '休息'} {self.note}"


class Status(models.TextChoices):
    SUBMITTED = "submitted", "已提交"
    ASSIGNED = "assigned", "已交办"
    HANDLING = "handling", "办理中"
    REPLIED = "replied", "已答复"
    CLOSED = "closed", "已办结"
    DECLINED = "declined", "不予登记"
    WITHDRAWN = "withdrawn", "已撤回"
    MERGED = "merged", "已并案"


OPEN_STATUSES = (Status.ASSIGNED, Status.HANDLING)


class Result(models.TextChoices):
    A = "A", "A类：已解决或基本解决"
    B = "B", "B类：正在解决"
    C = "C", "C类：列入计划逐步解决"
    D = "D", "D类：因条件限制留作参考"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class DeclineReason(models.TextChoices):
    OUTSIDE_JURISDICTION = "outside_jurisdiction", "不属于本级职权范围"
    PERSONAL_MATTER = "personal_matter", "涉及代表本人及亲属个人事务"
    PETITION = "petition", "转交的信访件"
    ADVERTISING = "advertising", "宣传广告或学术探讨"
    NO_SUBSTANCE = "no_substance", "没有实际内容"


class Suggestion(models.Model):
    """A deputy's suggestion (代表建议) or a public opinion (群众意见), and where its handling stands.

    `status` changes only through `suggestions.services`; the reply figures (result, on time, face to
    face, satisfaction, lead unit) are copied here by those services so handling rates are one query.
    """

    class Kind(models.TextChoices):
        DEPUTY = "deputy", "代表建议"
        PUBLIC = "public", "群众意见"

    title = models.CharField("标题", max_length=120)
    content = models.TextField("内容")
    kind = models.CharField("类型", max_length=8, choices=Kind.choices, default=Kind.DEPUTY)
    congress = models.ForeignKey(
        Congress, verbose_name="提交人大", on_delete=models.PROTECT, related_name="suggestions"
    )
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="suggestions")
    category = models.ForeignKey(
        Category,
        verbose_name="分类",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestions",
        db_index=False,  # the (category, …) indexes below start with it
    )
    lead_deputy = models.ForeignKey(
        Deputy, verbose_name="领衔代表", null=True, blank=True, on_delete=models.PROTECT, related_name="led_suggestions"
    )
    co_signers = models.ManyToManyField(
        Deputy, verbose_name="联名代表", blank=True, related_name="cosigned_suggestions"
    )
    source_station = models.ForeignKey(
        "stations.Station", verbose_name="来源站点", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_visit = models.OneToOneField(
        "stations.Visit",
        verbose_name="来源接待",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestion",
    )
    submitter_name = models.CharField("群众姓名", max_length=32, blank=True)
    submitter_phone = models.CharField("群众电话", max_length=20, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    key_supervision = models.BooleanField("重点督办", default=False)
    tracking_code = models.CharField("查询码", max_length=12)  # unique: see Meta
    keywords = models.TextField("关键词", blank=True, help_text="分词结果，用于查找相似建议")
    submitted_at = models.DateTimeField("提交时间")
    assign_due_on = models.DateField("应交办日期", null=True, blank=True)
    assigned_at = models.DateTimeField("交办时间", null=True, blank=True)
    due_on = models.DateField("答复期限", null=True, blank=True)
    extended = models.BooleanField("已延期", default=False)
    lead_unit = models.ForeignKey(
        HandlingUnit,
        verbose_name="主办单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # the (lead_unit, submitted_at) index starts with it
    )
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    result = models.CharField("办理结果", max_length=1, choices=Result.choices, blank=True)
    replied_on_time = models.BooleanField("按期答复", null=True)
    face_to_face = models.BooleanField("当面答复", null=True)
    satisfaction = models.CharField("代表评价", max_length=12, choices=Satisfaction.choices, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    decline_reason = models.CharField("不予登记理由", max_length=24, choices=DeclineReason.choices, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name="并入", null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "意见建议"
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["lead_unit", "submitted_at"]),
            models.Index(fields=["category", "submitted_at"]),
            models.Index(fields=["submitted_at"]),
            # The list filters committee staff combine most (category, status, region): the count of
            # a filtered page reads this index instead of every suggestion of those statuses.
            models.Index(fields=["category", "status", "region"], name="suggestion_list_filters"),
        ]
        # A constraint rather than unique=True: codes are looked up whole, so PostgreSQL needs no second
        # (pattern) index on them. Every index here is paid on each write; none is redundant.
        constraints = [models.UniqueConstraint(fields=["tracking_code"], name="suggestion_tracking_code_unique")]

    def __str__(self):
        return self.title

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return self.status in OPEN_STATUSES and self.due_on is not None and self.due_on < timezone.localdate()


class Assignment(models.Model):
    """A unit's part in handling a suggestion: lead (主办) or co-handling (协办)."""

    class Role(models.TextChoices):
        LEAD = "lead", "主办"
        CO = "co", "协办"

    suggestion = models.ForeignKey(
        Suggestion, verbose_name="建议", on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        HandlingUnit, verbose_name="承办单位", on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField("角色", max_length=4, choices=Role.choices)
    assigned_at = models.DateTimeField("交办时间")
    due_on = models.DateField("期限")
    accepted_at = models.DateTimeField("接收时间", null=True, blank=True)
    returned_at = models.DateTimeField("退回时间", null=True, blank=True)
    return_reason = models.TextField("退回理由", blank=True)
    co_view = models.TextField("协办意见", blank=True)
    co_view_at = models.DateTimeField("协办意见时间", null=True, blank=True)
    active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "交办记录"
        ordering = ["role", "id"]
        indexes = [models.Index(fields=["unit", "active"])]

    def __str__(self):
        return f"{self.suggestion} → {self.unit}（{self.get_role_display()}）"


class Reply(models.Model):
    """The lead unit's answer; after 不满意 a new round gets a new reply."""

    suggestion = models.ForeignKey(Suggestion, verbose_name="建议", on_delete=models.CASCADE, related_name="replies")
    unit = models.ForeignKey(HandlingUnit, verbose_name="答复单位", on_delete=models.PROTECT, related_name="replies")
    round = models.PositiveSmallIntegerField("轮次", default=1)
    result = models.CharField("办理结果", max_length=1, choices=Result.choices)
    content = models.TextField("答复内容")
    face_to_face = models.BooleanField("当面答复", default=False)
    on_time = models.BooleanField("按期答复", default=True)
    replied_at = models.DateTimeField("答复时间")
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="答复人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    attachment = models.FileField("附件", upload_to="replies/%Y/%m/", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "答复"
        ordering = ["suggestion", "round"]
        constraints = [models.UniqueConstraint(fields=["suggestion", "round"], name="one_reply_per_round")]

    def __str__(self):
        return f"{self.suggestion} 第{self.round}次答复"


class Judgement(models.Model):
    """A deputy's judgement of a reply: 满意, 基本满意 or 不满意 (every co-signer may judge)."""

    reply = models.ForeignKey(Reply, verbose_name="答复", on_delete=models.CASCADE, related_name="judgements")
    deputy = models.ForeignKey(Deputy, verbose_name="代表", on_delete=models.PROTECT, related_name="judgements")
    satisfaction = models.CharField("评价", max_length=12, choices=Satisfaction.choices)
    comment = models.TextField("意见", blank=True)
    judged_at = models.DateTimeField("评价时间")

    class Meta:
        verbose_name = verbose_name_plural = "代表评价"
        constraints = [models.UniqueConstraint(fields=["reply", "deputy"], name="one_judgement_per_deputy")]

    def __str__(self):
        return f"{self.deputy}：{self.get_satisfaction_display()}"


class Attachment(models.Model):
    """A file submitted with a suggestion."""

    suggestion = models.ForeignKey(
        Suggestion, verbose_name="建议", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("文件", upload_to="suggestions/%Y/%m/")
    name = models.CharField("文件名", max_length=120)

    class Meta:
        verbose_name = verbose_name_plural = "建议附件"

    def __str__(self):
        return self.name


# The name of each step of a suggestion's chain, as pages, API and the public tracking page show it.
EVENT_LABELS = {
    "submit": "提交",
    "triage": "待人工分办",
    "assign": "交办",
    "decline": "不予登记",
    "accept": "承办单位接收",
    "co_accept": "协办单位接收",
    "return": "退回",
    "co_return": "协办单位退回",
    "co_view": "协办意见",
    "reply": "答复",
    "judge": "代表评价",
    "rehandle": "重新办理",
    "close": "办结",
    "withdraw": "撤回",
    "merge": "并案",
    "merged_in": "并入其他建议",
    "extend": "延期",
    "key_on": "列为重点督办",
    "key_off": "取消重点督办",
    "overdue": "逾期",
}


class SuggestionEvent(models.Model):
    """One step in a suggestion's chain: who did what, when, with which data."""

    suggestion = models.ForeignKey(Suggestion, verbose_name="建议", on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=24)
    from_status = models.CharField("原状态", max_length=10, choices=Status.choices, blank=True)
    to_status = models.CharField("新状态", max_length=10, choices=Status.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)
    data = models.JSONField("数据", default=dict, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "办理记录"
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.suggestion} · {self.action}"

    @property
    def action_label(self) -> str:
        return EVENT_LABELS.get(self.action, self.action)


class Reminder(models.Model):
    """A reminder already sent, so the periodic sweep never sends the same one twice."""

    suggestion = models.ForeignKey(Suggestion, verbose_name="建议", on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField("类型", max_length=24)
    key = models.CharField("批次", max_length=24, help_text="如期限日期，期限变化后可再次提醒")
    sent_at = models.DateTimeField("发送时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "提醒记录"
        constraints = [models.UniqueConstraint(fields=["suggestion", "kind", "key"], name="reminder_once")]

    def __str__(self):
        return f"{self.suggestion} · {self.kind}"
