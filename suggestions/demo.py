"""Demo data for suggestion handling: categories, units with staff, routing rules, the holiday
calendar, and suggestions in every state — created through the services, so every event is real.

Idempotent: reference data is keyed on natural keys; suggestions are added only to an empty table.
"""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import F

from liaison.models import Congress, Deputy
from suggestions import services
from suggestions.models import (
    CalendarDay,
    Category,
    HandlingUnit,
    RoutingRule,
    Status,
    Suggestion,
    SuggestionEvent,
)

CATEGORIES = {
    "财政经济": ["预算管理", "营商环境", "金融服务"],
    "城乡建设": ["老旧小区改造", "道路交通", "供水排水", "物业管理"],
    "农业农村": ["乡村振兴", "农田水利", "特色产业"],
    "教科文卫": ["义务教育", "医疗卫生", "养老托育", "文化体育"],
    "内务司法": ["社会治安", "法律服务", "退役军人"],
    "社会建设": ["就业社保", "生态环境", "民生保障"],
}

# (name, kind, region code, staff username or None); `unit_staff` is the demo account.
UNITS = [
    ("江汉区住房和城市更新局", "government", "420103", "unit_staff"),
    ("江汉区教育局", "government", "420103", None),
    ("江汉区城市管理执法局", "government", "420103", None),
    ("江汉区卫生健康局", "government", "420103", None),
    ("武汉市交通运输局", "government", "420100", None),
    ("武汉市水务局", "government", "420100", None),
    ("湖北省农业农村厅", "government", "420000", None),
    ("湖北省生态环境厅", "government", "420000", None),
    ("湖北省财政厅", "government", "420000", None),
    ("湖北省高级人民法院", "court", "420000", None),
    ("洪湖市水利和湖泊局", "government", "421083", None),
    ("郧阳区农业农村局", "government", "420304", None),
    ("云梦县人民法院", "court", "420923", None),
    ("利川市交通运输局", "government", "422802", None),
]

# category, region code → lead unit, co-units
RULES = [
    ("老旧小区改造", "420103", "江汉区住房和城市更新局", ["江汉区城市管理执法局"]),
    ("物业管理", "420103", "江汉区住房和城市更新局", []),
    ("义务教育", "420103", "江汉区教育局", []),
    ("医疗卫生", "420103", "江汉区卫生健康局", []),
    ("道路交通", "4201", "武汉市交通运输局", []),
    ("供水排水", "4201", "武汉市水务局", []),
    ("乡村振兴", "42", "湖北省农业农村厅", []),
    ("生态环境", "42", "湖北省生态环境厅", []),
    ("农田水利", "421083", "洪湖市水利和湖泊局", []),
    ("特色产业", "420304", "郧阳区农业农村局", []),
    ("法律服务", "420923", "云梦县人民法院", []),
]

# 2026 per the State Council's notice; 2027 to be checked against its notice when published.
HOLIDAYS = {
    2026: [
        ("01-01", "01-03", "元旦"),
        ("02-15", "02-23", "春节"),
        ("04-04", "04-06", "清明节"),
        ("05-01", "05-05", "劳动节"),
        ("06-19", "06-21", "端午节"),
        ("09-25", "09-27", "中秋节"),
        ("10-01", "10-07", "国庆节"),
    ],
    2027: [
        ("01-01", "01-03", "元旦"),
        ("02-06", "02-14", "春节"),
        ("04-03", "04-05", "清明节"),
        ("05-01", "05-05", "劳动节"),
        ("06-09", "06-11", "端午节"),
        ("09-15", "09-17", "中秋节"),
        ("10-01", "10-07", "国庆节"),
    ],
}
WORKED_WEEKENDS = {
    2026: [
        ("01-04", "元旦调休"),
        ("02-14", "春节调休"),
        ("02-28", "春节调休"),
        ("05-09", "劳动节调休"),
        ("09-20", "国庆节调休"),
        ("10-10", "国庆节调休"),
    ],
    2027: [("02-20", "春节调休"), ("04-25", "劳动节调休"), ("09-26", "国庆节调休"), ("10-09", "国庆节调休")],
}

# title, content, category, region code where it arises
TOPICS = [
    (
        "关于加快老旧小区加装电梯的建议",
        "唐家墩街道多个老旧小区居民反映上下楼困难，建议加大加装电梯补贴、简化审批。",
        "老旧小区改造",
        "420103",
    ),
    (
        "关于解决江欣苑社区停车难的建议",
        "社区停车位严重不足，建议利用闲置地块建设立体停车场并错时共享周边单位车位。",
        "道路交通",
        "420103",
    ),
    (
        "关于规范老旧小区物业服务的建议",
        "部分无物业小区垃圾清运不及时，建议推行街道兜底物业服务。",
        "物业管理",
        "420103",
    ),
    (
        "关于增加学校周边上下学时段交通疏导的建议",
        "北湖街道两所小学门口早晚高峰拥堵，建议增派交警和志愿者。",
        "义务教育",
        "420103",
    ),
    (
        "关于社区卫生服务中心延长服务时间的建议",
        "上班族就医不便，建议社区卫生服务中心周末及晚间开设门诊。",
        "医疗卫生",
        "420103",
    ),
    ("关于解决汉兴街道雨后积水的建议", "每逢暴雨汉兴街道部分路段积水严重，建议改造排水管网。", "供水排水", "420103"),
    ("关于扶持五峰茶产业发展的建议", "五峰茶叶品质好但品牌弱，建议加大品牌建设和冷链物流扶持。", "特色产业", "420529"),
    ("关于加强洪湖湿地生态保护的建议", "洪湖周边仍有违规养殖，建议加强巡查并完善生态补偿。", "生态环境", "421083"),
    ("关于改善洪湖市农田灌溉设施的建议", "峰口镇部分泵站老化，建议纳入高标准农田建设项目。", "农田水利", "421083"),
    (
        "关于推进刘洞镇香菇产业升级的建议",
        "香菇种植户缺少烘干设备和销售渠道，建议建设产地加工中心。",
        "特色产业",
        "420304",
    ),
    (
        "关于在下辛店镇设立法官工作室巡回审判点的建议",
        "群众到县城诉讼路途远，建议依托代表联络站开展巡回审判。",
        "法律服务",
        "420923",
    ),
    ("关于改善苏马荡片区旅游道路的建议", "避暑季节苏马荡道路拥堵，建议拓宽主干道并增设停车场。", "道路交通", "422802"),
    ("关于完善农村养老服务设施的建议", "农村留守老人增多，建议建设村级互助养老服务点。", "养老托育", "420000"),
    ("关于支持县域乡村振兴人才引进的建议", "乡镇专业技术人才短缺，建议完善职称评定和待遇保障。", "乡村振兴", "420000"),
    ("关于优化中小企业融资环境的建议", "小微企业融资难融资贵，建议扩大政府性融资担保覆盖面。", "金融服务", "420000"),
    ("关于加强农村饮用水安全保障的建议", "部分村组饮用水水质不稳定，建议推进城乡供水一体化。", "供水排水", "420500"),
    ("关于加快退役军人服务站建设的建议", "部分村级退役军人服务站有牌无人，建议配齐专职人员。", "退役军人", "420900"),
    (
        "关于提高灵活就业人员社保参保率的建议",
        "外卖骑手等新就业形态劳动者参保率低，建议完善参保政策。",
        "就业社保",
        "420100",
    ),
]

User = get_user_model()


def seed_reference():
    for order, (name, children) in enumerate(CATEGORIES.items(), start=1):
        parent, _ = Category.objects.get_or_create(parent=None, name=name, defaults={"order": order})
        for child_order, child in enumerate(children, start=1):
            Category.objects.get_or_create(parent=parent, name=child, defaults={"order": child_order})


def seed_units(people) -> dict[str, HandlingUnit]:
    units = {}
    for index, (name, kind, region_code, username) in enumerate(UNITS):
        unit, _ = HandlingUnit.objects.get_or_create(
            name=name, region=people.regions[region_code], defaults={"kind": kind}
        )
        staff = people.users[username] if username else _unit_user(index, name)
        unit.staff.add(staff)
        units[name] = unit
    return units


def _unit_user(index: int, unit_name: str):
    user, created = User.objects.get_or_create(username=f"unit_{index:02d}", defaults={"first_name": unit_name})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def seed_rules(people, units):
    for category_name, code, lead, co_units in RULES:
        region = next(r for r in people.regions.values() if r.code.startswith(code) and r.prefix == code)
        rule, _ = RoutingRule.objects.get_or_create(
            category=Category.objects.get(name=category_name, parent__isnull=False),
            region=region,
            defaults={"lead_unit": units[lead]},
        )
        rule.co_units.set([units[name] for name in co_units])


def seed_calendar():
    for year, spans in HOLIDAYS.items():
        for start, end, note in spans:
            day, last = date.fromisoformat(f"{year}-{start}"), date.fromisoformat(f"{year}-{end}")
            while day <= last:
                CalendarDay.objects.get_or_create(date=day, defaults={"is_workday": False, "note": note})
                day += timedelta(days=1)
        for worked, note in WORKED_WEEKENDS[year]:
            CalendarDay.objects.get_or_create(
                date=date.fromisoformat(f"{year}-{worked}"), defaults={"is_workday": True, "note": note}
            )


def _lead_for(congress: Congress, rng: random.Random) -> Deputy:
    """A deputy of that congress other than the demo accounts."""
    members = Deputy.objects.filter(mandates__term__congress=congress, mandates__status="serving")
    members = members.exclude(user__username__in=["deputy", "deputy_2"]).distinct().order_by("pk")
    return rng.choice(list(members[:30]))


def _as_deputy(deputy: Deputy):
    """Demo deputies other than the two demo accounts act through an account of their own."""
    if deputy.user_id is None:
        deputy.user, _ = User.objects.get_or_create(
            username=f"deputy_{deputy.pk}", defaults={"first_name": deputy.name}
        )
        deputy.save(update_fields=["user"])
    return deputy.user


def _unit_actor(suggestion: Suggestion):
    return suggestion.lead_unit.staff.first()


def _advance(suggestion: Suggestion, target: str, rng: random.Random) -> None:
    """Walk a submitted suggestion through the services to `target`."""
    pk = suggestion.pk
    if target == "submitted":
        services.suggestion_route(suggestion_id=pk)
        return
    if target == "declined":
        services.suggestion_decline(
            suggestion_id=pk, actor=None, reason="no_substance", note="内容较为笼统，建议补充具体问题后再提"
        )
        return
    if target == "withdrawn":
        services.suggestion_withdraw(suggestion_id=pk, actor=suggestion.lead_deputy.user, reason="问题已在基层解决")
        return
    services.suggestion_route(suggestion_id=pk)
    suggestion.refresh_from_db()
    if suggestion.status == Status.SUBMITTED:
        units = list(HandlingUnit.objects.filter(region__code__startswith=suggestion.region.code[:2])[:5])
        services.suggestion_assign(suggestion_id=pk, actor=None, lead_unit=rng.choice(units))
        suggestion.refresh_from_db()
    if target == "assigned":
        return
    services.suggestion_accept(suggestion_id=pk, actor=_unit_actor(suggestion))
    if target == "handling":
        return
    result = rng.choice("AAABBCD")
    services.suggestion_reply(
        suggestion_id=pk,
        actor=_unit_actor(suggestion),
        result=result,
        content="经研究，已会同相关部门实地调研，"
        + {
            "A": "问题已解决。",
            "B": "相关工程已开工建设。",
            "C": "已列入明年工作计划逐步解决。",
            "D": "受财力限制暂难实施，留作参考。",
        }[result],
        face_to_face=rng.random() < 0.6,
    )
    if target == "closed":
        for deputy in services.judging_deputies(suggestion):
            services.suggestion_judge(
                suggestion_id=pk, actor=_as_deputy(deputy), satisfaction=rng.choice(["satisfied", "satisfied", "basic"])
            )


def _backdate(suggestion: Suggestion, days: int) -> None:
    """Move a demo suggestion's history back in time, as if it had been handled over the year."""
    shift = timedelta(days=days)
    fields = {name: F(name) - shift for name in ("submitted_at", "assigned_at", "replied_at", "closed_at")}
    fields.update({name: F(name) - shift for name in ("due_on", "assign_due_on")})
    Suggestion.objects.filter(pk=suggestion.pk).update(**fields)
    SuggestionEvent.objects.filter(suggestion=suggestion).update(created_at=F("created_at") - shift)
    suggestion.assignments.update(
        assigned_at=F("assigned_at") - shift, due_on=F("due_on") - shift, accepted_at=F("accepted_at") - shift
    )
    suggestion.replies.update(replied_at=F("replied_at") - shift)


# For the demo accounts, a fixed set so every tab has something: (topic, state, days ago).
UNIT_STAFF_PLAN = [
    (0, "assigned", 1),
    (2, "assigned", 3),
    (0, "handling", 12),
    (2, "handling", 85),
    (0, "handling", 96),
    (2, "replied", 4),
    (0, "closed", 150),
]
DEPUTY_PLAN = [(13, "replied", 2), (12, "replied", 5), (14, "handling", 20), (13, "closed", 200), (12, "submitted", 1)]


def _make(topic: int, target: str, lead: Deputy, congress: Congress, age: int, rng: random.Random, suffix=""):
    title, content, category_name, _region = TOPICS[topic]
    suggestion = services.suggestion_submit(
        actor=_as_deputy(lead),
        congress=congress,
        title=title + suffix,
        content=content,
        category=Category.objects.get(name=category_name, parent__isnull=False),
    )
    _advance(suggestion, target, rng)
    if target in ("assigned", "handling") and rng.random() < 0.15:
        services.suggestion_set_key(suggestion_id=suggestion.pk, actor=None, key=True)
    _backdate(suggestion, age)


def seed_suggestions(people):
    rng = random.Random(4200)
    chen = Deputy.objects.get(user=people.users["deputy_2"])
    xie = Deputy.objects.get(user=people.users["deputy"])
    for number, (topic, target, age) in enumerate(UNIT_STAFF_PLAN, start=1):
        _make(topic, target, chen, Congress.objects.get(region__code="420103"), age, rng, suffix=f"（{number}）")
    for number, (topic, target, age) in enumerate(DEPUTY_PLAN, start=1):
        _make(topic, target, xie, Congress.objects.get(region__code="420000"), age, rng, suffix=f"（{number}）")
    plan = ["closed"] * 14 + ["replied"] * 5 + ["handling"] * 10 + ["assigned"] * 6 + ["submitted"] * 5
    plan += ["declined"] * 2 + ["withdrawn"] * 2
    for index, target in enumerate(plan):
        topic = index % len(TOPICS)
        congress = Congress.objects.get(region__code=TOPICS[topic][3])
        lead = _lead_for(congress, rng)
        _make(topic, target, lead, congress, _age_in_days(target, index, rng), rng)
    _seed_public_opinions(people, rng)


def _age_in_days(target: str, index: int, rng: random.Random) -> int:
    """Finished items are spread over the year; open ones are recent, and some handling ones overdue."""
    if target in ("closed", "declined", "withdrawn"):
        return rng.randint(0, 300)
    if target == "handling" and index % 4 == 0:
        return rng.randint(85, 100)
    return rng.randint(0, 40)


def _seed_public_opinions(people, rng: random.Random):
    """Opinions the public sent to a station, visits turned into opinions, and one merged duplicate."""
    from stations.models import Station, Visit

    station = Station.objects.filter(staff=people.users["station_staff"]).first()
    if station is None:
        return
    for content in ("小区门口路灯坏了三个月，晚上出行不安全。", "菜市场周边占道经营严重，希望加强管理。"):
        services.suggestion_submit_public(content=content, name="李秀英", phone="13871234567", station=station)
    for visit in Visit.objects.filter(station=station).exclude(content="").order_by("pk")[:3]:
        services.suggestion_from_visit(actor=people.users["station_staff"], visit_id=visit.pk)
    first, duplicate = Suggestion.objects.filter(status=Status.SUBMITTED).order_by("pk")[:2]
    services.suggestion_merge(suggestion_id=duplicate.pk, actor=people.users["committee"], into=first)


def seed(people):
    seed_reference()
    units = seed_units(people)
    seed_rules(people, units)
    seed_calendar()
    if not Suggestion.objects.exists():
        seed_suggestions(people)
