"""Writes for legislative consultation: drafts and their articles, consultations (open → closed →
reported), opinions (recorded, merged, frozen once reported) and their adoption. The only code that
changes these models; pages, API, admin actions and tasks all call it."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from legislation.models import Article, Consultation, ContactPoint, Draft, InformationOfficer, Opinion
from legislation.splitter import split_articles
from liaison import outbox
from liaison.errors import DomainError
from liaison.scoping import LEGISLATION_STAFF, scope_for

Status = Consultation.Status

ALLOWED = {
    Status.OPEN: {Status.CLOSED},
    Status.CLOSED: {Status.REPORTED},
    Status.REPORTED: set(),
}

# Staff may still type in what was collected on paper after the deadline; the public only while open.
RECORDING_STATUSES = {Status.OPEN, Status.CLOSED}

DRAFT_FIELDS = {"title", "legislature", "legislature_level", "kind", "reading", "text"}
OPINION_FIELDS = {"article", "content", "submitter_name", "submitter_kind", "submitter_phone", "officer", "channel"}


def _require_legislation_staff(actor) -> None:
    scope = scope_for(actor)
    if not (scope.is_admin or scope.has(LEGISLATION_STAFF)):
        raise PermissionDenied("只有基层立法联系点工作人员可以进行此操作")


def _require_staff_of(actor, contact_point_ids) -> None:
    """Admins act on every contact point, staff only on their own."""
    scope = scope_for(actor)
    if scope.is_admin:
        return
    if not contact_point_ids or not set(contact_point_ids) <= set(scope.contact_points):
        raise PermissionDenied("您不是该基层立法联系点的工作人员")


def _articles_from(draft: Draft, text: str) -> list[Article]:
    return [
        Article(draft=draft, position=index, number=a.number, chapter=a.chapter, section=a.section, text=a.text)
        for index, a in enumerate(split_articles(text), start=1)
    ]


@transaction.atomic
def draft_create(*, actor, title: str, legislature: str, text: str, **fields) -> Draft:
    """Record a draft and split its text into articles (第…章 / 第…条)."""
    _require_legislation_staff(actor)
    if not title.strip():
        raise DomainError("请填写草案标题。", field="title")
    draft = Draft.objects.create(title=title.strip(), legislature=legislature, text=text, created_by=actor, **fields)
    Article.objects.bulk_create(_articles_from(draft, text))
    return draft


@transaction.atomic
def draft_update(*, draft_id: int, actor, **fields) -> Draft:
    """Change a draft; a new text is split again, unless opinions already refer to its articles."""
    _require_legislation_staff(actor)
    draft = Draft.objects.select_for_update().get(pk=draft_id)
    unknown = set(fields) - DRAFT_FIELDS
    if unknown:
        raise DomainError(f"不能修改：{'、'.join(sorted(unknown))}")
    new_text = fields.get("text")
    if new_text is not None and new_text != draft.text:
        if Opinion.objects.filter(article__draft=draft).exists():
            raise DomainError("已有针对条文的意见，不能再修改草案全文；请另建新的审次稿。", conflict=True)
        articles = _articles_from(draft, new_text)
        draft.articles.all().delete()
        Article.objects.bulk_create(articles)
    for name, value in fields.items():
        setattr(draft, name, value)
    draft.save(update_fields=list(fields) or None)
    return draft


@transaction.atomic
def consultation_open(*, actor, draft: Draft, contact_points, deadline: date, note: str = "") -> Consultation:
    """Send a draft to contact points for opinions; their staff are notified through the outbox."""
    contact_point_ids = sorted({cp.pk for cp in contact_points})
    if not contact_point_ids:
        raise DomainError("请至少选择一个基层立法联系点。", field="contact_points")
    _require_staff_of(actor, contact_point_ids)
    if deadline < timezone.localdate():
        raise DomainError("截止日期不能早于今天。", field="deadline")
    if not draft.articles.exists():
        raise DomainError("该草案还没有条文，不能征求意见。", field="draft")
    consultation = Consultation.objects.create(draft=draft, deadline=deadline, note=note, opened_by=actor)
    consultation.contact_points.set(contact_point_ids)
    outbox.enqueue("legislation.tasks.consultation_notify_staff", consultation_id=consultation.pk)
    return consultation


@transaction.atomic
def consultation_notify_staff(*, consultation_id: int) -> bool:
    """Tell the contact points' staff that a consultation is open; once only (a redelivered task finds
    the staff already notified)."""
    from liaison.services import notification_send

    consultation = (
        Consultation.objects.select_for_update()
        .filter(pk=consultation_id, staff_notified_at__isnull=True)
        .select_related("draft")
        .first()
    )
    if consultation is None:
        return False
    staff = {user for cp in consultation.contact_points.prefetch_related("staff") for user in cp.staff.all()}
    notification_send(
        recipients=staff,
        title=f"新的立法征求意见：{consultation.draft.title}",
        body=f"请于 {consultation.deadline:%Y年%m月%d日} 前组织收集并录入意见。",
        link=reverse("legislation:consultation-detail", args=[consultation.pk]),
    )
    consultation.staff_notified_at = timezone.now()
    consultation.save(update_fields=["staff_notified_at"])
    return True


def _locked_consultation(consultation_id: int, actor) -> Consultation:
    consultation = Consultation.objects.select_for_update().get(pk=consultation_id)
    if not any(_is_own(actor, cp_id) for cp_id in _contact_point_ids(consultation)):
        raise PermissionDenied("您不是本次征求意见所涉联系点的工作人员")
    return consultation


def _contact_point_ids(consultation: Consultation) -> list[int]:
    return list(consultation.contact_points.values_list("pk", flat=True))


def _is_own(actor, contact_point_id: int) -> bool:
    scope = scope_for(actor)
    return scope.is_admin or contact_point_id in scope.contact_points


def _move(consultation: Consultation, to: str, stamp: str) -> None:
    if to not in ALLOWED[consultation.status]:
        raise DomainError(
            f"“{consultation.get_status_display()}”的征求意见不能变为“{Status(to).label}”。", conflict=True
        )
    consultation.status = to
    setattr(consultation, stamp, timezone.now())
    consultation.save(update_fields=["status", stamp])


@transaction.atomic
def consultation_close(*, consultation_id: int, actor) -> Consultation:
    """Stop collecting opinions from the public (staff may still enter what they collected)."""
    consultation = _locked_consultation(consultation_id, actor)
    _move(consultation, Status.CLOSED, "closed_at")
    return consultation


@transaction.atomic
def consultation_report(*, consultation_id: int, actor) -> Consultation:
    """Report the opinions to the legislature; from now on they are frozen."""
    consultation = _locked_consultation(consultation_id, actor)
    _move(consultation, Status.REPORTED, "reported_at")
    return consultation


def _validated_opinion_fields(consultation: Consultation, contact_point: ContactPoint, fields: dict) -> dict:
    article = fields.get("article")
    if article is not None and article.draft_id != consultation.draft_id:
        raise DomainError("该条文不属于本次征求意见的草案。", field="article")
    officer: InformationOfficer | None = fields.get("officer")
    if officer is not None and officer.contact_point_id != contact_point.pk:
        raise DomainError("该信息员不属于收集意见的联系点。", field="officer")
    if "content" in fields:
        fields["content"] = (fields["content"] or "").strip()
        if not fields["content"]:
            raise DomainError("请填写意见内容。", field="content")
    if "submitter_name" in fields:
        fields["submitter_name"] = (fields["submitter_name"] or "").strip()
        if not fields["submitter_name"]:
            raise DomainError("请填写提出人。", field="submitter_name")
    return fields


def _collecting_contact_point(consultation: Consultation, actor, contact_point: ContactPoint | None) -> ContactPoint:
    """The contact point an opinion is recorded for: the one given, or the actor's own in this consultation."""
    ids = _contact_point_ids(consultation)
    if contact_point is None:
        own = [cp_id for cp_id in ids if _is_own(actor, cp_id)]
        if not own:
            raise PermissionDenied("您不是本次征求意见所涉联系点的工作人员")
        return ContactPoint.objects.get(pk=own[0])
    if contact_point.pk not in ids:
        raise DomainError("该联系点不在本次征求意见范围内。", field="contact_point")
    _require_staff_of(actor, [contact_point.pk])
    return contact_point


@transaction.atomic
def opinion_record(
    *, consultation_id: int, actor, content: str, submitter_name: str, contact_point=None, **fields
) -> Opinion:
    """Record an opinion collected by a contact point, on one article or (no article) on the whole draft."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation_id)
    if consultation.status not in RECORDING_STATUSES:
        raise DomainError("该征求意见已报送，意见不能再增加。", conflict=True)
    contact_point = _collecting_contact_point(consultation, actor, contact_point)
    fields = _validated_opinion_fields(
        consultation, contact_point, {"content": content, "submitter_name": submitter_name, **fields}
    )
    fields.setdefault("submitted_on", timezone.localdate())
    return Opinion.objects.create(consultation=consultation, contact_point=contact_point, created_by=actor, **fields)


@transaction.atomic
def opinion_submit_public(
    *, consultation_id: int, article: Article | None, content: str, submitter_name: str, submitter_phone: str = ""
) -> Opinion:
    """An opinion sent by a member of the public through the portal while the consultation is open."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation_id)
    if consultation.status != Status.OPEN or consultation.deadline < timezone.localdate():
        raise DomainError("该草案的意见征集已截止，感谢您的关注。", conflict=True)
    contact_point = consultation.contact_points.order_by("pk").first()
    fields = _validated_opinion_fields(
        consultation,
        contact_point,
        {"article": article, "content": content, "submitter_name": submitter_name},
    )
    return Opinion.objects.create(
        consultation=consultation,
        contact_point=contact_point,
        submitter_phone=submitter_phone.strip(),
        submitter_kind=Opinion.SubmitterKind.RESIDENT,
        channel=Opinion.Channel.ONLINE,
        submitted_on=timezone.localdate(),
        **fields,
    )


def _locked_opinion(opinion_id: int, actor) -> Opinion:
    opinion = Opinion.objects.select_for_update().select_related("consultation").get(pk=opinion_id)
    _require_staff_of(actor, [opinion.contact_point_id])
    return opinion


def _require_not_frozen(opinion: Opinion) -> None:
    if opinion.consultation.status == Status.REPORTED:
        raise DomainError("该征求意见已报送，意见已冻结，不能修改。", conflict=True)


@transaction.atomic
def opinion_update(*, opinion_id: int, actor, **fields) -> Opinion:
    """Correct an opinion before its consultation is reported."""
    opinion = _locked_opinion(opinion_id, actor)
    _require_not_frozen(opinion)
    unknown = set(fields) - OPINION_FIELDS
    if unknown:
        raise DomainError(f"不能修改：{'、'.join(sorted(unknown))}")
    fields = _validated_opinion_fields(opinion.consultation, opinion.contact_point, fields)
    for name, value in fields.items():
        setattr(opinion, name, value)
    opinion.save(update_fields=list(fields) or None)
    return opinion


@transaction.atomic
def opinion_merge(*, opinion_id: int, into_id: int, actor) -> Opinion:
    """Merge a duplicate into another opinion of the same consultation; the adoption of the one it is
    merged into is told to each submitter."""
    opinion = _locked_opinion(opinion_id, actor)
    into = _locked_opinion(into_id, actor)
    _require_not_frozen(opinion)
    if opinion.consultation_id != into.consultation_id:
        raise DomainError("只能合并同一次征求意见中的意见。", field="into")
    if opinion.pk == into.pk or into.merged_into_id == opinion.pk:
        raise DomainError("不能把意见并入它自己。", field="into")
    target = into.merged_into or into
    Opinion.objects.filter(merged_into=opinion).update(merged_into=target)
    opinion.merged_into = target
    opinion.save(update_fields=["merged_into"])
    return opinion


@transaction.atomic
def opinion_adopt(*, opinion_id: int, outcome: str, note: str = "", actor) -> Opinion:
    """Record whether the legislature adopted an opinion (and its merged duplicates), once reported."""
    opinion = _locked_opinion(opinion_id, actor)
    if outcome not in Opinion.Outcome.values:
        raise DomainError("采纳情况应为 采纳、部分采纳 或 未采纳。", field="outcome")
    if opinion.consultation.status != Status.REPORTED:
        raise DomainError("征求意见报送后才能登记采纳情况。", conflict=True)
    if opinion.merged_into_id:
        raise DomainError("该意见已并入其他意见，请对合并后的意见登记采纳情况。", conflict=True)
    now = timezone.now()
    values = {"outcome": outcome, "outcome_note": note.strip(), "outcome_recorded_at": now}
    Opinion.objects.filter(merged_into=opinion).update(**values)
    for name, value in values.items():
        setattr(opinion, name, value)
    opinion.save(update_fields=list(values))
    return opinion
