"""Suggestion handling: the only code that changes a suggestion.

Every action is one transaction that locks the row, checks who may act and the transition table,
applies the deadline rules of the suggestion's congress, writes an event, and leaves work for after
the commit (notifications, routing) in the outbox. Pages, API, admin actions and tasks all call these.
"""

import secrets
from collections import defaultdict
from collections.abc import Iterable
from copy import copy
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from liaison import audit, outbox, uploads
from liaison.bulk import insert_rows
from liaison.errors import DomainError, NotPermitted
from liaison.models import (
    CommitteeStaff,
    Congress,
    Deputy,
    Level,
    Mandate,
    codes_covering,
)
from liaison.scoping import scope_for
from liaison.services import notifications_for, notifications_send
from suggestions.calendar import add_months, add_workdays
from suggestions.models import (
    OPEN_STATUSES,
    Assignment,
    Attachment,
    Category,
    DeclineReason,
    HandlingRules,
    HandlingUnit,
    Judgement,
    Reminder,
    Reply,
    Result,
    RoutingRule,
    Satisfaction,
    Status,
    Suggestion,
    SuggestionEvent,
)
from suggestions.text import keywords_of

S = Status
ALLOWED = {
    S.SUBMITTED: {S.ASSIGNED, S.DECLINED, S.WITHDRAWN, S.MERGED},
    S.ASSIGNED: {
        S.ASSIGNED,
        S.HANDLING,
        S.SUBMITTED,
        S.WITHDRAWN,
        S.MERGED,
    },  # ASSIGNED: re-assigned; SUBMITTED: returned
    S.HANDLING: {S.REPLIED, S.SUBMITTED, S.WITHDRAWN},  # SUBMITTED: returned within the time limit
    S.REPLIED: {S.HANDLING, S.CLOSED},  # HANDLING: judged 不满意, handled again
}

ACTION_LABELS = {
    "assign": "交办",
    "decline": "不予登记",
    "accept": "接收",
    "return": "退回",
    "reply": "答复",
    "judge": "评价",
    "withdraw": "撤回",
    "merge": "并案",
    "close": "办结",
    "rehandle": "重新办理",
}

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
User = get_user_model()


# --- helpers -------------------------------------------------------------------------------------


def rules_for(congress: Congress) -> HandlingRules:
    """The congress's deadlines, or the defaults of DESIGN §2 when it has not set its own."""
    try:
        return congress.rules
    except HandlingRules.DoesNotExist:
        return HandlingRules(congress=congress)


def _lock(suggestion_id: int) -> Suggestion:
    try:
        return Suggestion.objects.select_for_update().get(pk=suggestion_id)
    except Suggestion.DoesNotExist:
        raise DomainError("未找到该建议") from None


def _event_row(suggestion: Suggestion, action: str, actor, data=None, from_status="", to_status="") -> SuggestionEvent:
    return SuggestionEvent(
        suggestion=suggestion,
        action=action,
        actor=actor,
        data=data or {},
        from_status=from_status,
        to_status=to_status,
    )


def _event(suggestion: Suggestion, action: str, actor, data=None, from_status="", to_status="") -> SuggestionEvent:
    event = _event_row(suggestion, action, actor, data, from_status, to_status)
    event.save()
    return event


def _change_status(suggestion: Suggestion, to: Status, action: str) -> Status:
    """Check the transition table and change the status; returns the status it had."""
    current = Status(suggestion.status)
    if to not in ALLOWED.get(current, ()):
        raise DomainError(f"该建议当前为“{current.label}”，不能{ACTION_LABELS[action]}", conflict=True)
    suggestion.status = to
    return current


def _move(suggestion: Suggestion, to: Status, *, action: str, actor, data=None, fields: Iterable[str] = ()) -> None:
    """Check the transition table, change the status (and `fields`) and write the event."""
    current = _change_status(suggestion, to, action)
    suggestion.save(update_fields=["status", *fields])
    _event(suggestion, action, actor, data, from_status=current, to_status=to)


def _today() -> date:
    return timezone.localdate()


def _is_system(actor) -> bool:
    return actor is None


def acts_for_committee(actor, suggestion: Suggestion) -> bool:
    """Admins, and committee staff whose region covers the suggestion's."""
    scope = scope_for(actor)
    return scope.is_admin or (scope.is_committee and suggestion.region.code.startswith(scope.region_prefix))


def _require_committee(actor, suggestion: Suggestion) -> None:
    if not (_is_system(actor) or acts_for_committee(actor, suggestion)):
        raise NotPermitted("只有本区划的人大常委会代表工作机构可以执行此操作")


def _active_assignment(suggestion: Suggestion, actor, role: str | None = None) -> Assignment:
    """The actor's unit's active assignment on this suggestion (of `role`, when given)."""
    assignments = suggestion.assignments.filter(active=True).select_related("unit")
    if role:
        assignments = assignments.filter(role=role)
    scope = scope_for(actor)
    for assignment in assignments:
        if scope.is_admin or assignment.unit_id in scope.units:
            return assignment
    who = "主办单位" if role == Assignment.Role.LEAD else "承办单位"
    raise NotPermitted(f"只有该建议的{who}可以执行此操作")


def judging_deputies(suggestion: Suggestion) -> list[Deputy]:
    """Who receives the reply and may judge it: the lead deputy, every co-signer, and the
    deputies of suggestions merged into this one (并案办理 still answers each submitter)."""
    sources = Q(led_suggestions=suggestion) | Q(cosigned_suggestions=suggestion)
    sources |= Q(led_suggestions__merged_into=suggestion) | Q(cosigned_suggestions__merged_into=suggestion)
    return list(Deputy.objects.filter(sources).distinct().order_by("pk"))


def _deputy_users(suggestion: Suggestion):
    return [d.user for d in judging_deputies(suggestion) if d.user_id]


def _staff_of_units(units) -> dict[int, list]:
    """The active staff of each unit, by unit id, in one query."""
    staff = defaultdict(list)
    links = HandlingUnit.staff.through.objects.filter(handlingunit__in=list(units), user__is_active=True)
    for link in links.select_related("user").order_by("user_id"):
        staff[link.handlingunit_id].append(link.user)
    return staff


def _unit_users(units):
    return [user for users in _staff_of_units(units).values() for user in users]


def _committee() -> list[CommitteeStaff]:
    return list(CommitteeStaff.objects.select_related("user", "region").filter(user__is_active=True))


def _committee_users(suggestion: Suggestion, committee: list[CommitteeStaff] | None = None):
    """Committee staff whose region covers the suggestion's region (of `committee`, when given)."""
    committee = _committee() if committee is None else committee
    return [s.user for s in committee if suggestion.region.code.startswith(s.region.prefix)]


def _notify(users, suggestion: Suggestion, title: str, body: str = "") -> None:
    _notify_all([(users, suggestion, title, body)])


def _notify_all(messages) -> None:
    """(users, suggestion, title, body) each: every message in its users' inboxes, in one insert."""
    notifications = [
        notification
        for users, suggestion, title, body in messages
        for notification in notifications_for(
            users, title=f"{title}：{suggestion.title}", body=body, link=f"/suggestions/{suggestion.pk}/"
        )
    ]
    if notifications:
        notifications_send(notifications)


def _new_tracking_code() -> str:
    while True:
        code = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(10))
        if not Suggestion.objects.filter(tracking_code=code).exists():
            return code


def _clean_text(value: str, field: str, label: str, max_length: int | None = None) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(f"请填写{label}", field=field)
    if max_length and len(value) > max_length:
        raise DomainError(f"{label}不能超过{max_length}个字", field=field)
    return value


# --- submission ----------------------------------------------------------------------------------


def _create(*, actor, kind, title, content, congress, region, category=None, lead_deputy=None, **extra) -> Suggestion:
    title = _clean_text(title, "title", "标题", 120)
    content = _clean_text(content, "content", "内容")
    now = timezone.now()
    rules = rules_for(congress)
    suggestion = Suggestion.objects.create(
        kind=kind,
        title=title,
        content=content,
        congress=congress,
        region=region,
        category=category,
        lead_deputy=lead_deputy,
        tracking_code=_new_tracking_code(),
        keywords=" ".join(keywords_of(f"{title} {content}")),
        submitted_at=now,
        assign_due_on=add_workdays(timezone.localdate(now), rules.assign_within_workdays),
        created_by=actor,
        **extra,
    )
    _event(suggestion, "submit", actor, {"kind": kind}, to_status=Status.SUBMITTED)
    outbox.enqueue("suggestions.tasks.suggestion_route", suggestion_id=suggestion.pk)
    return suggestion


def _deputy_mandate(deputy: Deputy, congress: Congress | None) -> Mandate:
    """The serving mandate the suggestion goes through: the given congress's, else the highest level."""
    mandates = deputy.mandates.filter(status=Mandate.Status.SERVING).select_related("term__congress__region", "region")
    if congress is not None:
        mandates = mandates.filter(term__congress=congress)
    mandate = min(mandates, key=lambda m: (Level.rank(m.level), m.pk), default=None)
    if mandate is None:
        raise DomainError("您不是该人大的在任代表，不能向其提出建议", field="congress")
    return mandate


@transaction.atomic
def suggestion_submit(
    *,
    actor,
    title,
    content,
    category: Category | None = None,
    congress: Congress | None = None,
    co_signers=(),
    files=(),
) -> Suggestion:
    """A deputy submits a suggestion, alone or with co-signers; it is routed after commit."""
    scope = scope_for(actor)
    if not scope.deputy_id:
        raise NotPermitted("只有人大代表可以提出代表建议")
    deputy = Deputy.objects.get(pk=scope.deputy_id)
    mandate = _deputy_mandate(deputy, congress)
    congress = mandate.term.congress
    suggestion = _create(
        actor=actor,
        kind=Suggestion.Kind.DEPUTY,
        title=title,
        content=content,
        congress=congress,
        region=congress.region or mandate.region,
        category=category,
        lead_deputy=deputy,
    )
    suggestion.co_signers.set([d for d in co_signers if d.pk != deputy.pk])
    for upload in files:
        uploads.check_upload(upload, uploads.ATTACHMENT, field="files")
        Attachment.objects.create(suggestion=suggestion, file=upload, name=upload.name[:120])
    return suggestion


def _congress_for_region(region) -> Congress:
    """The congress nearest to a station's region: its own, else the one of the region above."""
    while region is not None:
        congress = Congress.objects.filter(region=region).first()
        if congress:
            return congress
        region = region.parent
    raise DomainError("该站点所在区划没有对应的人民代表大会，请联系管理员")


@transaction.atomic
def suggestion_submit_public(*, content, name="", phone="", station=None, deputy=None, title="") -> Suggestion:
    """The public sends an opinion to a station or a deputy (no login); answered by tracking code."""
    if station is None and deputy is None:
        raise DomainError("请选择要反映意见的站点或代表", field="station")
    content = _clean_text(content, "content", "意见内容", 2000)
    if deputy is not None:
        mandate = _deputy_mandate(deputy, None)
        congress, region = mandate.term.congress, mandate.region
    else:
        congress, region = _congress_for_region(station.region), station.region
    suggestion = _create(
        actor=None,
        kind=Suggestion.Kind.PUBLIC,
        title=title.strip() or content[:30],
        content=content,
        congress=congress,
        region=region,
        source_station=station,
        submitter_name=name.strip()[:32],
        submitter_phone=phone.strip()[:20],
    )
    if deputy is not None:
        suggestion.co_signers.set([deputy])
    return suggestion


@transaction.atomic
def suggestion_from_visit(*, actor, visit_id: int, title: str = "", category: Category | None = None) -> Suggestion:
    """Station staff turn a visit into an opinion; the deputies who received it follow its reply."""
    from stations.models import Visit

    visit = Visit.objects.select_for_update().select_related("station__region").filter(pk=visit_id).first()
    if visit is None:
        raise DomainError("未找到该来访记录")
    scope = scope_for(actor)
    if not (scope.is_admin or visit.station_id in scope.stations):
        raise NotPermitted("只有本站点工作人员可以将来访转为意见建议")
    if Suggestion.objects.filter(source_visit=visit).exists():
        raise DomainError("该来访已转为意见建议", conflict=True)
    suggestion = _create(
        actor=actor,
        kind=Suggestion.Kind.PUBLIC,
        title=title.strip() or visit.content.strip()[:30],
        content=visit.content,
        congress=_congress_for_region(visit.station.region),
        region=visit.station.region,
        category=category or visit.category,
        source_station=visit.station,
        source_visit=visit,
        submitter_name=visit.visitor_name,
        submitter_phone=visit.visitor_phone,
    )
    suggestion.co_signers.set(visit.deputies.all())
    # The visit's outcome follows from the conversion; no other field of the visit changes.
    # Saved through the model (not queryset.update()) so the audit trail records it.
    visit.outcome = Visit.Outcome.TO_SUGGESTION
    visit.save(update_fields=["outcome"])
    return suggestion


# --- routing and assignment ----------------------------------------------------------------------


ROUTING_WINDOW = timedelta(minutes=10)  # those waiting longer are the reroute sweep's (below)


@dataclass(frozen=True)
class Route:
    """An active routing rule as matching reads it (plain ids: a province has thousands of rules)."""

    pk: int
    lead_unit_id: int
    co_unit_ids: tuple[int, ...]


def active_rules(rules=None) -> dict[tuple[int, str], Route]:
    """The active routing rules (of `rules`, a RoutingRule queryset, when given) by category id and
    region code (a rule is unique for the two)."""
    rules = (rules if rules is not None else RoutingRule.objects).filter(active=True)
    rows = rules.values_list("pk", "category_id", "region__code", "lead_unit_id")
    links = RoutingRule.co_units.through.objects.filter(routingrule__in=rules.values("pk"))
    co_units = defaultdict(list)
    for rule_id, unit_id in links.order_by("handlingunit_id").values_list("routingrule_id", "handlingunit_id"):
        co_units[rule_id].append(unit_id)
    return {(category, code): Route(pk, lead, tuple(co_units[pk])) for pk, category, code, lead in rows}


def matching_rule(suggestion: Suggestion, rules: dict[tuple[int, str], Route]) -> Route | None:
    """The most specific of `rules` (from `active_rules()`): the suggestion's own category before its
    parent, then its own region before the regions above it."""
    if suggestion.category_id is None:
        return None
    covering = codes_covering(suggestion.region.code)
    for category in (suggestion.category_id, suggestion.category.parent_id):
        for code in covering:
            if rule := rules.get((category, code)):
                return rule
    return None


def waiting_for_routing():
    """Submitted suggestions routing has not dealt with yet: never assigned, not in the triage queue."""
    return (
        Suggestion.objects.filter(status=Status.SUBMITTED)
        .exclude(Exists(Assignment.objects.filter(suggestion=OuterRef("pk"))))
        .exclude(Exists(Reminder.objects.filter(suggestion=OuterRef("pk"), kind="triage")))
    )


def suggestion_route(*, suggestion_id: int) -> str:
    """Assign by routing rule, or leave it in the committee's triage queue. Safe to run twice."""
    return suggestions_route(suggestion_ids=[suggestion_id]).get(suggestion_id, "skipped")


@transaction.atomic
def suggestions_route(*, suggestion_ids: Iterable[int], also_waiting: int = 0) -> dict[int, str]:
    """Route the given suggestions and up to `also_waiting` others submitted in the last minutes that
    wait for routing too, in one transaction with a fixed number of statements however many they are.

    The routing task passes `also_waiting`: after a burst of submissions (the days after a congress
    session) the others' messages are right behind its own in the queue and find their work done.
    Returns "assigned" or "triage" for each suggestion routed; one no longer submitted is left alone.
    """
    ids = sorted(set(suggestion_ids))
    batch = _lock_for_routing(Suggestion.objects.filter(pk__in=ids, status=Status.SUBMITTED))
    if also_waiting:
        recent = waiting_for_routing().filter(submitted_at__gte=timezone.now() - ROUTING_WINDOW).exclude(pk__in=ids)
        batch += _lock_for_routing(recent, limit=also_waiting, skip_locked=True)  # others' batches hold the rest
    rules = _rules_for(batch)
    routed = [(suggestion, matching_rule(suggestion, rules)) for suggestion in batch]
    units = HandlingUnit.objects.only("name").in_bulk(
        {unit for _, rule in routed if rule for unit in (rule.lead_unit_id, *rule.co_unit_ids)}
    )
    outcomes, assigning, triaged = {}, [], []
    for suggestion, rule in routed:
        if rule is None:
            triaged.append(suggestion)
        else:
            co_units = [units[pk] for pk in rule.co_unit_ids]
            assigning.append(Assigning(suggestion, units[rule.lead_unit_id], co_units, via_rule=rule))
        outcomes[suggestion.pk] = "assigned" if rule else "triage"
    _assign_all(assigning, actor=None)
    _put_in_triage(triaged)
    return outcomes


# What rule matching, deadlines, the event, the audit entry and the notifications read.
ROUTING_READS = (
    *("title", "status", "assign_due_on", "congress_id", "assigned_at", "due_on", "lead_unit_id"),
    *("category__parent_id", "region__code"),
)


def _lock_for_routing(suggestions, *, limit: int | None = None, skip_locked: bool = False) -> list[Suggestion]:
    """Lock the rows (the suggestions' only, in id order) and read what rule matching needs."""
    locked = (
        suggestions.select_related("category", "region")
        .only(*ROUTING_READS)
        .select_for_update(of=("self",), skip_locked=skip_locked)
        .order_by("pk")
    )
    return list(locked[:limit])


def _rules_for(suggestions: list[Suggestion]) -> dict[tuple[int, str], Route]:
    """The active rules that may match these suggestions: those of their categories (and parents) set
    for their regions or the regions above them."""
    categories = {s.category_id for s in suggestions} | {s.category.parent_id for s in suggestions if s.category_id}
    categories.discard(None)
    if not categories:
        return {}
    regions = {code for s in suggestions for code in codes_covering(s.region.code)}
    return active_rules(RoutingRule.objects.filter(category_id__in=categories, region__code__in=regions))


def _put_in_triage(suggestions: list[Suggestion]) -> None:
    """No rule matched: the committee assigns by hand. Told once per assignment deadline."""
    if not suggestions:
        return
    reminders = [Reminder(suggestion=s, kind="triage", key=str(s.assign_due_on)) for s in suggestions]
    told = set(Reminder.objects.filter(suggestion__in=suggestions, kind="triage").values_list("suggestion_id", "key"))
    new = [r for r in reminders if (r.suggestion_id, r.key) not in told]
    Reminder.objects.bulk_create(new)
    SuggestionEvent.objects.bulk_create(
        _event_row(r.suggestion, "triage", None, {"reason": "无匹配的交办规则"}) for r in new
    )
    committee = _committee()
    _notify_all(
        (_committee_users(r.suggestion, committee), r.suggestion, "待分办的建议", "未匹配交办规则，请人工交办。")
        for r in new
    )


@dataclass
class Assigning:
    """One suggestion to assign: its lead unit and co-units, and its reply due date unless the default."""

    suggestion: Suggestion
    lead_unit: HandlingUnit
    co_units: list[HandlingUnit]
    due_on: date | None = None
    via_rule: Route | None = None


def _assign(suggestion, *, actor, lead_unit, co_units, due_on=None) -> None:
    """Committee staff's assignment or re-assignment of one suggestion."""
    if lead_unit in co_units:
        raise DomainError("主办单位不能同时作为协办单位", field="co_units")
    if suggestion.assignments.filter(active=True, accepted_at__isnull=False, role=Assignment.Role.LEAD).exists():
        raise DomainError("主办单位已接收，不能重新交办", conflict=True)
    _assign_all([Assigning(suggestion, lead_unit, list(co_units), due_on)], actor=actor)


def _assign_all(items: list[Assigning], *, actor) -> None:
    """Assign each suggestion to its units with their due dates, move it to 已交办, write its event and
    tell the units' staff: one statement per table for them all."""
    if not items:
        return
    today, now = _today(), timezone.now()
    suggestions = [item.suggestion for item in items]
    originals = [copy(s) for s in suggestions]
    deadlines = _deadlines_of({s.congress_id for s in suggestions})
    Assignment.objects.filter(suggestion__in=suggestions, active=True).update(active=False)
    assignments, events, messages = [], [], []
    for item in items:
        suggestion, lead_unit, co_units = item.suggestion, item.lead_unit, item.co_units
        limits = deadlines[suggestion.congress_id]
        latest = add_months(today, limits.extended_reply_within_months)
        due_on = item.due_on or add_months(today, limits.reply_within_months)
        if not today <= due_on <= latest:
            raise DomainError(f"答复期限应在今天至{latest:%Y年%m月%d日}之间", field="due_at")
        co_due = min(add_months(today, limits.co_view_within_months), due_on)
        assignments.append((suggestion.pk, lead_unit.pk, Assignment.Role.LEAD, due_on))
        assignments += [(suggestion.pk, unit.pk, Assignment.Role.CO, co_due) for unit in co_units]
        suggestion.assigned_at, suggestion.due_on, suggestion.lead_unit = now, due_on, lead_unit
        data = {"lead_unit": lead_unit.name, "co_units": [u.name for u in co_units], "due_on": due_on.isoformat()}
        if item.via_rule:
            data["rule"] = item.via_rule.pk
        events.append((suggestion.pk, _change_status(suggestion, Status.ASSIGNED, "assign"), data))
        messages.append(([lead_unit], suggestion, "新交办建议（主办）", f"请于{due_on:%Y年%m月%d日}前答复。"))
        co_body = f"请于{co_due:%Y年%m月%d日}前向主办单位提出协办意见。"
        messages.append((co_units, suggestion, "新交办建议（协办）", co_body))
    insert_rows(Assignment(assigned_at=now), ("suggestion_id", "unit_id", "role", "due_on"), assignments)
    lead = Assignment.objects.filter(suggestion=OuterRef("pk"), active=True, role=Assignment.Role.LEAD)
    Suggestion.objects.filter(pk__in=[s.pk for s in suggestions]).update(
        status=Status.ASSIGNED,
        assigned_at=now,
        due_on=Subquery(lead.values("due_on")[:1]),
        lead_unit=Subquery(lead.values("unit")[:1]),
    )
    audit.log_updates(originals, suggestions, fields=["status", "assigned_at", "due_on", "lead_unit"])
    event = SuggestionEvent(action="assign", to_status=Status.ASSIGNED, actor=actor)
    insert_rows(event, ("suggestion_id", "from_status", "data"), events)
    staff = _staff_of_units({unit for units, *_ in messages for unit in units})
    _notify_all(([user for u in units for user in staff.get(u.pk, ())], *rest) for units, *rest in messages)


def _deadlines_of(congress_ids) -> dict[int, HandlingRules]:
    """Each congress's deadlines (the defaults, unsaved, where it has set none), in one query."""
    own = {rules.congress_id: rules for rules in HandlingRules.objects.filter(congress_id__in=congress_ids)}
    defaults = HandlingRules()
    return {pk: own.get(pk, defaults) for pk in congress_ids}


@transaction.atomic
def suggestion_assign(*, suggestion_id, actor, lead_unit: HandlingUnit, co_units=(), due_on: date | None = None):
    """Committee staff assign (or re-assign, before the lead unit accepts) to a lead unit and co-units."""
    suggestion = _lock(suggestion_id)
    _require_committee(actor, suggestion)
    _assign(suggestion, actor=actor, lead_unit=lead_unit, co_units=list(co_units), due_on=due_on)
    return suggestion


@transaction.atomic
def suggestion_decline(*, suggestion_id, actor, reason: str, note: str = ""):
    """Not registered as a suggestion (不作为建议处理), for one of the reasons of DESIGN §2."""
    suggestion = _lock(suggestion_id)
    _require_committee(actor, suggestion)
    if reason not in DeclineReason.values:
        raise DomainError("请选择不予登记的理由", field="reason")
    suggestion.decline_reason = reason
    _move(
        suggestion,
        Status.DECLINED,
        action="decline",
        actor=actor,
        data={"reason": reason, "note": note},
        fields=["decline_reason"],
    )
    _notify(_deputy_users(suggestion), suggestion, "建议不予登记", f"理由：{DeclineReason(reason).label}。{note}")
    return suggestion


@transaction.atomic
def suggestion_set_key(*, suggestion_id, actor, key: bool):
    """Committee staff put a suggestion under key supervision (重点督办), or take it off."""
    suggestion = _lock(suggestion_id)
    _require_committee(actor, suggestion)
    if suggestion.key_supervision != key:
        suggestion.key_supervision = key
        suggestion.save(update_fields=["key_supervision"])
        _event(suggestion, "key_on" if key else "key_off", actor)
    return suggestion


@transaction.atomic
def suggestion_extend(*, suggestion_id, actor, due_on: date, reason: str):
    """The committee approves a longer time for a complex suggestion, explained to the deputies."""
    suggestion = _lock(suggestion_id)
    _require_committee(actor, suggestion)
    reason = _clean_text(reason, "reason", "延期理由", 500)
    if suggestion.status not in OPEN_STATUSES:
        raise DomainError(f"该建议当前为“{suggestion.get_status_display()}”，不能延期", conflict=True)
    assigned_on = timezone.localdate(suggestion.assigned_at)
    latest = add_months(assigned_on, rules_for(suggestion.congress).extended_reply_within_months)
    if not suggestion.due_on < due_on <= latest:
        raise DomainError(f"延期后的期限应晚于原期限且不晚于{latest:%Y年%m月%d日}", field="due_at")
    previous = suggestion.due_on
    suggestion.due_on, suggestion.extended = due_on, True
    suggestion.save(update_fields=["due_on", "extended"])
    suggestion.assignments.filter(active=True, role=Assignment.Role.LEAD).update(due_on=due_on)
    _event(suggestion, "extend", actor, {"from": previous.isoformat(), "to": due_on.isoformat(), "reason": reason})
    body = f"答复期限延至{due_on:%Y年%m月%d日}。说明：{reason}"
    _notify(_deputy_users(suggestion) + _unit_users([suggestion.lead_unit]), suggestion, "建议办理延期", body)
    return suggestion


@transaction.atomic
def suggestion_merge(*, suggestion_id, actor, into: Suggestion):
    """Merge a suggestion into another of the same content (并案办理); its deputies still get the reply."""
    suggestion = _lock(suggestion_id)
    _require_committee(actor, suggestion)
    target = _lock(into.pk)
    if target.pk == suggestion.pk:
        raise DomainError("不能与自身并案", field="into")
    if target.status in (Status.DECLINED, Status.WITHDRAWN, Status.MERGED, Status.CLOSED):
        raise DomainError(f"目标建议为“{target.get_status_display()}”，不能并入", field="into")
    suggestion.assignments.filter(active=True).update(active=False)
    suggestion.merged_into = target
    _move(
        suggestion,
        Status.MERGED,
        action="merge",
        actor=actor,
        data={"into": target.pk, "title": target.title},
        fields=["merged_into"],
    )
    _event(target, "merged_in", actor, {"from": suggestion.pk, "title": suggestion.title})
    _notify(_deputy_users(suggestion), suggestion, "建议已并案办理", f"并入《{target.title}》一并办理答复。")
    return suggestion


# --- the unit's part -----------------------------------------------------------------------------


@transaction.atomic
def suggestion_accept(*, suggestion_id, actor):
    """The lead unit accepts the assignment (handling starts); a co-unit acknowledges its part."""
    suggestion = _lock(suggestion_id)
    assignment = _active_assignment(suggestion, actor)
    if assignment.accepted_at:
        raise DomainError("已接收，无需重复操作", conflict=True)
    assignment.accepted_at = timezone.now()
    assignment.save(update_fields=["accepted_at"])
    if assignment.role == Assignment.Role.CO:
        _event(suggestion, "co_accept", actor, {"unit": assignment.unit.name})
    else:
        _move(suggestion, Status.HANDLING, action="accept", actor=actor, data={"unit": assignment.unit.name})
    return suggestion


def _last_return_day(assignment: Assignment) -> date:
    workdays = rules_for(assignment.suggestion.congress).return_within_workdays
    return add_workdays(timezone.localdate(assignment.assigned_at), workdays)


def may_still_return(assignment: Assignment) -> bool:
    """A unit may return an assignment within the congress's working days after it was assigned."""
    return _today() <= _last_return_day(assignment)


@transaction.atomic
def suggestion_return(*, suggestion_id, actor, reason: str):
    """A unit returns a suggestion that is not its business, within the time limit after assignment."""
    suggestion = _lock(suggestion_id)
    assignment = _active_assignment(suggestion, actor)
    reason = _clean_text(reason, "reason", "退回理由", 500)
    if not may_still_return(assignment):
        workdays, last_day = rules_for(suggestion.congress).return_within_workdays, _last_return_day(assignment)
        raise DomainError(
            f"已超过退回期限（交办后{workdays}个工作日内，即{last_day:%Y年%m月%d日}前），不能退回", conflict=True
        )
    assignment.returned_at, assignment.return_reason, assignment.active = timezone.now(), reason, False
    assignment.save(update_fields=["returned_at", "return_reason", "active"])
    data = {"unit": assignment.unit.name, "reason": reason}
    if assignment.role == Assignment.Role.CO:
        _event(suggestion, "co_return", actor, data)
    else:
        suggestion.assignments.filter(active=True).update(active=False)
        suggestion.lead_unit, suggestion.due_on = None, None
        _move(suggestion, Status.SUBMITTED, action="return", actor=actor, data=data, fields=["lead_unit", "due_on"])
    _notify(_committee_users(suggestion), suggestion, "承办单位退回建议", f"{assignment.unit.name}：{reason}")
    return suggestion


@transaction.atomic
def suggestion_co_view(*, suggestion_id, actor, content: str):
    """A co-handling unit sends its view to the lead unit."""
    suggestion = _lock(suggestion_id)
    assignment = _active_assignment(suggestion, actor, role=Assignment.Role.CO)
    if suggestion.status not in OPEN_STATUSES:
        raise DomainError(f"该建议当前为“{suggestion.get_status_display()}”，不能提出协办意见", conflict=True)
    assignment.co_view, assignment.co_view_at = _clean_text(content, "content", "协办意见", 5000), timezone.now()
    assignment.save(update_fields=["co_view", "co_view_at"])
    _event(suggestion, "co_view", actor, {"unit": assignment.unit.name})
    _notify(_unit_users([suggestion.lead_unit]), suggestion, "收到协办意见", assignment.unit.name)
    return suggestion


@transaction.atomic
def suggestion_reply(*, suggestion_id, actor, result: str, content: str, face_to_face: bool = False, attachment=None):
    """The lead unit answers with a result class A–D; the deputies are asked for their judgement."""
    suggestion = _lock(suggestion_id)
    assignment = _active_assignment(suggestion, actor, role=Assignment.Role.LEAD)
    if result not in Result.values:
        raise DomainError("请选择办理结果（A、B、C、D类）", field="result")
    content = _clean_text(content, "content", "答复内容")
    if attachment:
        uploads.check_upload(attachment, uploads.ATTACHMENT, field="attachment")
    now = timezone.now()
    on_time = timezone.localdate(now) <= suggestion.due_on
    reply = Reply.objects.create(
        suggestion=suggestion,
        unit=assignment.unit,
        round=suggestion.replies.count() + 1,
        result=result,
        content=content,
        face_to_face=face_to_face,
        on_time=on_time,
        replied_at=now,
        replied_by=actor,
        attachment=attachment or "",
    )
    suggestion.replied_at, suggestion.result = now, result
    suggestion.replied_on_time, suggestion.face_to_face, suggestion.satisfaction = on_time, face_to_face, ""
    _move(
        suggestion,
        Status.REPLIED,
        action="reply",
        actor=actor,
        data={"result": result, "round": reply.round, "on_time": on_time, "face_to_face": face_to_face},
        fields=["replied_at", "result", "replied_on_time", "face_to_face", "satisfaction"],
    )
    _notify(_deputy_users(suggestion), suggestion, "建议已答复，请评价", f"办理结果：{Result(result).label}")
    return reply


# --- the deputies' part --------------------------------------------------------------------------


@transaction.atomic
def suggestion_judge(*, suggestion_id, actor, satisfaction: str, comment: str = ""):
    """A deputy judges the latest reply. 不满意 sends it back for handling with a new deadline; once
    every deputy has judged without 不满意 the suggestion is closed."""
    suggestion = _lock(suggestion_id)
    scope = scope_for(actor)
    deputies = judging_deputies(suggestion)
    deputy = next((d for d in deputies if d.pk == scope.deputy_id), None)
    if deputy is None:
        raise NotPermitted("只有领衔代表或联名代表可以评价答复")
    if satisfaction not in Satisfaction.values:
        raise DomainError("请选择评价：满意、基本满意或不满意", field="satisfaction")
    if suggestion.status != Status.REPLIED:
        raise DomainError(f"该建议当前为“{suggestion.get_status_display()}”，不能评价", conflict=True)
    reply = suggestion.replies.order_by("-round").first()
    if reply.judgements.filter(deputy=deputy).exists():
        raise DomainError("您已评价过本次答复", conflict=True)
    Judgement.objects.create(
        reply=reply, deputy=deputy, satisfaction=satisfaction, comment=comment.strip(), judged_at=timezone.now()
    )
    _event(suggestion, "judge", actor, {"deputy": deputy.name, "satisfaction": satisfaction, "round": reply.round})
    if satisfaction == Satisfaction.UNSATISFIED:
        _rehandle(suggestion, actor, comment)
    elif reply.judgements.count() == len(deputies):
        _close(suggestion, actor, reply)
    return suggestion


def _rehandle(suggestion: Suggestion, actor, comment: str) -> None:
    due_on = add_months(_today(), rules_for(suggestion.congress).rehandle_within_months)
    suggestion.due_on, suggestion.satisfaction = due_on, Satisfaction.UNSATISFIED
    suggestion.assignments.filter(active=True, role=Assignment.Role.LEAD).update(due_on=due_on)
    _move(
        suggestion,
        Status.HANDLING,
        action="rehandle",
        actor=actor,
        data={"due_on": due_on.isoformat()},
        fields=["due_on", "satisfaction"],
    )
    body = f"代表对答复不满意，请重新办理并于{due_on:%Y年%m月%d日}前再次答复。代表意见：{comment}"
    _notify(_unit_users([suggestion.lead_unit]), suggestion, "建议需重新办理", body)


def _close(suggestion: Suggestion, actor, reply: Reply, automatic: bool = False) -> None:
    judged = set(reply.judgements.values_list("satisfaction", flat=True))
    if Satisfaction.BASIC in judged:
        suggestion.satisfaction = Satisfaction.BASIC
    elif judged:
        suggestion.satisfaction = Satisfaction.SATISFIED
    suggestion.closed_at = timezone.now()
    _move(
        suggestion,
        Status.CLOSED,
        action="close",
        actor=actor,
        data={"automatic": automatic},
        fields=["satisfaction", "closed_at"],
    )


@transaction.atomic
def suggestion_withdraw(*, suggestion_id, actor, reason: str = ""):
    """The lead deputy withdraws a suggestion before it is replied to; handling stops."""
    suggestion = _lock(suggestion_id)
    scope = scope_for(actor)
    if not (scope.is_admin or (suggestion.lead_deputy_id and suggestion.lead_deputy_id == scope.deputy_id)):
        raise NotPermitted("只有领衔代表可以撤回建议")
    units = [a.unit for a in suggestion.assignments.filter(active=True).select_related("unit")]
    suggestion.assignments.filter(active=True).update(active=False)
    _move(suggestion, Status.WITHDRAWN, action="withdraw", actor=actor, data={"reason": reason.strip()})
    _notify(_unit_users(units), suggestion, "代表已撤回建议", "办理终止。")
    return suggestion


# --- periodic sweeps (beat, or `manage.py run_periodic`) -----------------------------------------


def _remind_once(suggestion: Suggestion, kind: str, key) -> bool:
    _, created = Reminder.objects.get_or_create(suggestion=suggestion, kind=kind, key=str(key))
    return created


def _sweep(queryset, handle, today: date) -> int:
    """Run `handle(locked_suggestion, today)` on each row in its own transaction; count the actions."""
    done = 0
    for pk in queryset.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            done += bool(handle(_lock(pk), today))
    return done


def _overdue(suggestion: Suggestion, today: date) -> bool:
    if not (suggestion.status in OPEN_STATUSES and suggestion.due_on and suggestion.due_on < today):
        return False
    if not _remind_once(suggestion, "overdue", suggestion.due_on):
        return False
    _event(suggestion, "overdue", None, {"due_on": suggestion.due_on.isoformat()})
    _notify(
        _unit_users([suggestion.lead_unit]),
        suggestion,
        "建议已逾期未答复",
        f"答复期限为{suggestion.due_on:%Y年%m月%d日}。",
    )
    if suggestion.key_supervision:
        _notify(_committee_users(suggestion), suggestion, "重点督办建议逾期", f"主办单位：{suggestion.lead_unit}")
    return True


def _due_soon(suggestion: Suggestion, today: date) -> bool:
    if suggestion.status not in OPEN_STATUSES or suggestion.due_on is None:
        return False
    days_left = (suggestion.due_on - today).days
    if not 0 <= days_left <= rules_for(suggestion.congress).remind_before_days:
        return False
    if not _remind_once(suggestion, "due_soon", suggestion.due_on):
        return False
    _notify(
        _unit_users([suggestion.lead_unit]), suggestion, "建议即将到期", f"请于{suggestion.due_on:%Y年%m月%d日}前答复。"
    )
    return True


def _assignment_late(suggestion: Suggestion, today: date) -> bool:
    if suggestion.status != Status.SUBMITTED or not suggestion.assign_due_on or suggestion.assign_due_on >= today:
        return False
    if not _remind_once(suggestion, "assign_overdue", suggestion.assign_due_on):
        return False
    _notify(
        _committee_users(suggestion),
        suggestion,
        "建议超过交办时限",
        f"应于{suggestion.assign_due_on:%Y年%m月%d日}前交办。",
    )
    return True


def _feedback(suggestion: Suggestion, today: date) -> bool:
    """Ask for the judgement halfway through the feedback window; close it when the window ends."""
    if suggestion.status != Status.REPLIED:
        return False
    replied_on = timezone.localdate(suggestion.replied_at)
    window = rules_for(suggestion.congress).feedback_within_workdays
    if today > add_workdays(replied_on, window):
        _close(suggestion, None, suggestion.replies.order_by("-round").first(), automatic=True)
        return True
    if today >= add_workdays(replied_on, window // 2) and _remind_once(suggestion, "judge", replied_on):
        reply = suggestion.replies.order_by("-round").first()
        judged = set(reply.judgements.values_list("deputy_id", flat=True))
        users = [d.user for d in judging_deputies(suggestion) if d.user_id and d.pk not in judged]
        _notify(users, suggestion, "请评价建议答复", "逾期未评价的，将按期自动办结。")
        return True
    return False


def sweep_deadlines(today: date | None = None) -> dict[str, int]:
    """The periodic work of DESIGN §4; each item is handled once however often this runs."""
    today = today or _today()
    open_items = Suggestion.objects.filter(status__in=OPEN_STATUSES)
    return {
        "overdue": _sweep(open_items.filter(due_on__lt=today), _overdue, today),
        "due_soon": _sweep(
            open_items.filter(due_on__gte=today, due_on__lte=today + timedelta(days=31)), _due_soon, today
        ),
        "assign_overdue": _sweep(
            Suggestion.objects.filter(status=Status.SUBMITTED, assign_due_on__lt=today), _assignment_late, today
        ),
        "feedback": _sweep(Suggestion.objects.filter(status=Status.REPLIED), _feedback, today),
    }


def suggestion_reroute_stale(*, older_than: timedelta = ROUTING_WINDOW, limit: int = 500) -> int:
    """Send routing again for suggestions still waiting for it long after they were submitted.

    The outbox guarantees a routing message reaches the broker, not that a worker runs it: a message
    a worker had reserved when Redis went away stays unacknowledged at the broker until its visibility
    timeout (an hour). A suggestion never assigned and never put in the triage queue is such a case.
    Routing is idempotent, so sending it again is safe. Run by beat every few minutes."""
    cutoff = timezone.now() - older_than
    stale = waiting_for_routing().filter(submitted_at__lte=cutoff).order_by("pk").values_list("pk", flat=True)[:limit]
    ids = list(stale)
    with transaction.atomic():
        for suggestion_id in ids:
            outbox.enqueue("suggestions.tasks.suggestion_route", suggestion_id=suggestion_id)
    return len(ids)
