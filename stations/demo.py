"""Demo stations for `seed_demo`: the homes, stations and points the seed reports describe, their
deputies (编组进站), a month of reception days either side of today and a few hundred visits.

Keyed on natural keys with a fixed random seed, so running it again changes nothing.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import F
from django.utils import timezone

from liaison.demo import PeopleSeed
from liaison.models import Deputy, Mandate
from stations import services
from stations.models import (
    Platform,
    ReceptionRule,
    ReceptionSchedule,
    Station,
    StationDeputy,
    StationStandard,
    Visit,
)

PLATFORMS = [
    ("legislative", "基层立法联系点"),
    ("budget", "预算联系点"),
    ("procuratorate", "检察联络站"),
    ("court", "法官工作室"),
]


@dataclass(frozen=True)
class DemoStation:
    name: str
    kind: str
    region: str
    address: str
    parent: str | None = None
    platforms: tuple[str, ...] = ()
    staff: str | None = None
    stars: int | None = None
    weekday: int | None = None  # the weekly reception day (1 = Monday)


STATIONS = [
    DemoStation(
        "唐家墩街道人大代表之家", "home", "420103003", "江汉区唐家墩路 18 号街道党群服务中心二楼", stars=5, weekday=2
    ),
    DemoStation(
        "江欣苑社区人大代表联络站",
        "station",
        "420103003",
        "江汉区江欣苑社区党群服务中心一楼",
        parent="唐家墩街道人大代表之家",
        platforms=("legislative",),
        staff="station_staff",
        stars=5,
        weekday=4,
    ),
    DemoStation(
        "刘洞镇人大代表之家", "home", "420304105", "郧阳区刘洞镇政府院内", staff="station_staff_2", stars=4, weekday=3
    ),
    DemoStation("刘洞村人大代表联系点", "point", "420304105", "刘洞镇刘洞村村委会", parent="刘洞镇人大代表之家"),
    DemoStation(
        "九畹溪镇人大代表之家",
        "home",
        "420527104",
        "秭归县九畹溪镇集镇",
        platforms=("legislative",),
        stars=4,
        weekday=1,
    ),
    DemoStation("峡口村人大代表联系点", "point", "420527104", "九畹溪镇峡口村三组", parent="九畹溪镇人大代表之家"),
    DemoStation(
        "苏马荡片区人大代表联络站",
        "station",
        "422802105",
        "利川市谋道镇苏马荡旅游度假区服务中心",
        platforms=("legislative",),
        stars=4,
        weekday=5,
    ),
    DemoStation(
        "下辛店镇人大代表联络站",
        "station",
        "420923104",
        "云梦县下辛店镇人民法庭旁",
        platforms=("court",),
        stars=5,
    ),
    DemoStation("滨湖街道人大代表之家", "home", "421083002", "洪湖市滨湖街道办事处三楼", stars=3, weekday=2),
    DemoStation(
        "滨湖村人大代表联系点", "point", "421083002", "洪湖市滨湖街道滨湖村卫生室旁", parent="滨湖街道人大代表之家"
    ),
    DemoStation(
        "东沟镇人大代表之家", "home", "420702101", "梁子湖区东沟镇人民政府一楼", platforms=("budget",), weekday=4
    ),
    DemoStation("习家店镇人大代表之家", "home", "420381105", "丹江口市习家店镇政府院内", stars=3, weekday=1),
    DemoStation("均州路街道人大代表联络站", "station", "420381001", "丹江口市均州路社区", platforms=("procuratorate",)),
    DemoStation("湖北人大代表网上联络站", "online", "420000", "网上"),
]

# The demo deputies' own stations (name → role).
DEMO_ASSIGNMENTS = {
    "deputy": [("滨湖村人大代表联系点", "head"), ("滨湖街道人大代表之家", "member")],
    "deputy_2": [("江欣苑社区人大代表联络站", "liaison"), ("唐家墩街道人大代表之家", "member")],
}

TOPICS = [
    ("老旧小区加装电梯，一楼住户有顾虑，希望社区出面协调。", "answered"),
    ("小区停车位紧张，夜间消防通道被占用。", "referred"),
    ("村里空巢老人腿脚不便、不会智能支付，领取赡养费困难。", "to_suggestion"),
    ("希望在村卫生室增加慢性病常用药品种。", "to_suggestion"),
    ("雨季村道积水严重，建议修建排水沟。", "referred"),
    ("茶叶初加工中有人添加糖分色素，建议加大查处力度。", "to_suggestion"),
    ("咨询城乡居民医保缴费标准和报销比例。", "answered"),
    ("湖区养殖尾水直排，担心洪湖水质。", "to_suggestion"),
    ("放学时段学校门口交通拥堵，希望增派协管员。", "referred"),
    ("邻里因装修噪音发生纠纷，请求调解。", "answered"),
    ("农村客运班次减少，进城看病不方便。", "to_suggestion"),
    ("咨询民事诉讼立案流程，希望法官现场解答。", "answered"),
    ("反映社区养老服务站开放时间太短。", "referred"),
    ("了解地方性法规草案征求意见的渠道。", "no_action"),
]
CHANNELS = ["in_person"] * 6 + ["home_visit"] * 2 + ["phone", "online", "meeting", "photo_report"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯"
GIVEN = "秀英桂兰建华国强玉珍志明海燕德胜春梅红霞文斌"
VISITS_PER_STATION = 26


AREA_CODES = {
    "4201": "027",
    "4203": "0719",
    "4205": "0717",
    "4207": "0711",
    "4209": "0712",
    "4210": "0716",
    "4228": "0718",
}


def _office_phone(spec: DemoStation) -> str:
    """A made-up office number with the city's real area code."""
    area = AREA_CODES.get(spec.region[:4])
    return f"{area}-8{spec.region[-4:]}{len(spec.name) % 10}" if area else ""


def seed_platforms() -> dict[str, Platform]:
    return {code: Platform.objects.update_or_create(code=code, defaults={"name": name})[0] for code, name in PLATFORMS}


def seed_stations(people: PeopleSeed, platforms: dict[str, Platform]) -> dict[str, Station]:
    stations: dict[str, Station] = {}
    for spec in STATIONS:
        station, _ = Station.objects.update_or_create(
            region=people.regions[spec.region],
            name=spec.name,
            defaults={
                "kind": spec.kind,
                "address": spec.address,
                "parent": stations.get(spec.parent),
                "phone": _office_phone(spec),
                "opening_hours": "全天在线" if spec.kind == "online" else "工作日 8:30–12:00，14:30–17:30",
                "established_on": date(2021, 6, 1),
                "stars": spec.stars,
            },
        )
        station.platforms.set([platforms[code] for code in spec.platforms])
        if spec.staff:
            station.staff.add(people.users[spec.staff])
        stations[spec.name] = station
    return stations


def seed_standards(stations: dict[str, Station]) -> None:
    for index, station in enumerate(stations.values()):
        if station.kind == Station.Kind.ONLINE:
            continue
        for standard in StationStandard.Standard.values:
            missing = standard == "records" and index % 4 == 3
            StationStandard.objects.get_or_create(
                station=station,
                standard=standard,
                defaults={
                    "met": not missing,
                    "note": "台账待补齐" if missing else "已按五有标准核查",
                    "checked_on": date(2024, 5, 20),
                },
            )


def _local_deputies(station: Station) -> list[Deputy]:
    """Serving deputies elected in the station's township, by name (deterministic)."""
    mandates = Mandate.objects.filter(status=Mandate.Status.SERVING, region=station.region)
    return list(Deputy.objects.filter(mandates__in=mandates).distinct().order_by("name", "birth_date")[:40])


def seed_assignments(people: PeopleSeed, stations: dict[str, Station]) -> None:
    """Each station gets some of its township's deputies; a few are left out (两个全覆盖 has work)."""
    for station in stations.values():
        if station.kind == Station.Kind.ONLINE:
            continue
        local = _local_deputies(station)
        size = 6 if station.kind != Station.Kind.POINT else 3
        for index, deputy in enumerate(local[:size]):
            role = ["head", "liaison"][index] if index < 2 else "member"
            StationDeputy.objects.get_or_create(
                station=station, deputy=deputy, defaults={"role": role, "started_on": date(2023, 3, 1)}
            )
    for username, places in DEMO_ASSIGNMENTS.items():
        deputy = Deputy.objects.get(user=people.users[username])
        for name, role in places:
            StationDeputy.objects.get_or_create(
                station=stations[name], deputy=deputy, defaults={"role": role, "started_on": date(2023, 3, 1)}
            )


def _station_deputies(station: Station) -> list[Deputy]:
    return [a.deputy for a in station.assignments.select_related("deputy").order_by("role", "deputy__name")]


def seed_schedules(stations: dict[str, Station]) -> None:
    """Weekly reception days, the 15th-of-the-month joint day with judges at 下辛店, a one-off day
    today at the demo staff's stations, then a month either side of today from the rules."""
    for spec in STATIONS:
        station = stations[spec.name]
        deputies = _station_deputies(station)[:2]
        if spec.weekday:
            rule, _ = ReceptionRule.objects.get_or_create(
                station=station,
                frequency=ReceptionRule.Frequency.WEEKLY,
                day=spec.weekday,
                defaults={
                    "starts_at": time(9),
                    "ends_at": time(11, 30),
                    "theme": "代表接待日",
                    "active_from": date(2024, 1, 1),
                },
            )
            rule.deputies.set(deputies)
    court = stations["下辛店镇人大代表联络站"]
    rule, _ = ReceptionRule.objects.get_or_create(
        station=court,
        frequency=ReceptionRule.Frequency.MONTHLY,
        day=15,
        defaults={
            "starts_at": time(9),
            "ends_at": time(12),
            "theme": "代表与法官联合接待日",
            "active_from": date(2023, 6, 15),
        },
    )
    rule.deputies.set(_station_deputies(court)[:2])
    today = timezone.localdate()
    for name in ("江欣苑社区人大代表联络站", "刘洞镇人大代表之家"):
        station = stations[name]
        schedule, _ = ReceptionSchedule.objects.get_or_create(
            station=station,
            date=today,
            rule=None,
            defaults={"starts_at": time(8, 30), "ends_at": time(17, 30), "theme": "代表进站值班"},
        )
        schedule.deputies.set(_station_deputies(station)[:2])
    services.schedule_generate_from_rules(start=today - timedelta(days=30), end=today + timedelta(days=31))


def _visit_times(rng: random.Random, count: int) -> list[datetime]:
    """Working-hour times over the last 30 days; the first two today, before now."""
    now = timezone.localtime()
    times = [now - timedelta(minutes=25), now - timedelta(minutes=70)]
    times = [t for t in times if t.date() == now.date()]
    while len(times) < count:
        day = now.date() - timedelta(days=rng.randint(1, 30))
        moment = datetime.combine(day, time(rng.randint(8, 17), rng.choice([0, 10, 20, 30, 40, 50])))
        times.append(timezone.make_aware(moment))
    return times


def _visitor(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.2:
        return "", ""  # anonymous
    name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice([1, 2])))
    return name, f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"


def seed_visits(people: PeopleSeed, stations: dict[str, Station]) -> None:
    """A few hundred visits, written in bulk; a station that already has visits is left as it is."""
    rng = random.Random(3)
    for spec in STATIONS:
        station = stations[spec.name]
        if station.kind == Station.Kind.ONLINE or station.visits.exists():
            continue
        deputies = _station_deputies(station)
        staff = people.users.get(spec.staff) if spec.staff else None
        visits, present = [], []
        for visited_at in _visit_times(rng, VISITS_PER_STATION):
            content, outcome = rng.choice(TOPICS)
            name, phone = _visitor(rng)
            visits.append(
                Visit(
                    station=station,
                    visited_at=visited_at,
                    channel=rng.choice(CHANNELS),
                    visitor_name=name,
                    visitor_phone=phone,
                    people_count=rng.choice([1, 1, 1, 2, 3]),
                    content=content,
                    outcome=outcome,
                    outcome_note="已当场解释相关政策" if outcome == "answered" else "",
                    created_by=staff,
                )
            )
            present.append(rng.sample(deputies, min(len(deputies), rng.choice([1, 2]))))
        Visit.objects.bulk_create(visits)
        Visit.deputies.through.objects.bulk_create(
            Visit.deputies.through(visit_id=visit.pk, deputy_id=deputy.pk)
            for visit, attended in zip(visits, present, strict=True)
            for deputy in attended
        )
        # Logged when they happened, so only today's can still be corrected.
        Visit.objects.filter(station=station).update(created_at=F("visited_at"))


def seed(people: PeopleSeed) -> None:
    platforms = seed_platforms()
    stations = seed_stations(people, platforms)
    seed_standards(stations)
    seed_assignments(people, stations)
    seed_schedules(stations)
    seed_visits(people, stations)
