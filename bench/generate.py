"""Load a synthetic but consistent province into PostgreSQL with COPY.

    python -m bench.generate [--scale quick|province|tiny]

Creates a fresh database (`liaison_bench_quick`, or `liaison_bench` at province scale), runs the
Django migrations there, then streams generated rows with COPY: regions with GB/T 2260-shaped codes,
congresses and terms of five levels, deputies and their mandates, stations and the deputies grouped
into them, units, categories, routing rules, a year of suggestions with their assignments, replies,
judgements and event log (states and the denormalised reply figures agree), and a year of visits.
The big tables lose their secondary indexes and foreign keys during the load and get them back
after; every phase is timed. Ends with ANALYZE.
"""

import argparse
import io
import os
import random
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from operator import concat
from zoneinfo import ZoneInfo

from bench.copy import NULL, build_indexes, copy_rows, drop_indexes_and_keys, reset_sequence, run_all
from bench.scales import SCALES, Scale

TZ = ZoneInfo("Asia/Shanghai")
DAY = 86400
YEAR_DAYS = 365
PG_URL = "postgres://postgres@127.0.0.1:5432/{}"

# Tables whose secondary indexes and foreign keys are dropped for the load and rebuilt after.
BIG_TABLES = (
    "suggestions_suggestion",
    "suggestions_suggestion_co_signers",
    "suggestions_assignment",
    "suggestions_reply",
    "suggestions_judgement",
    "suggestions_suggestionevent",
    "stations_visit",
    "stations_visit_deputies",
)

CITY_NAMES = "武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 恩施 仙桃 潜江 天门".split()
SURNAMES = "王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹".split()
GIVEN = "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀 霞 平 刚 桂 英 华 建 国 文 辉 玲 红".split()
# Pools (these and the VISIT_ ones) are picked from uniformly: an entry repeats as often as it should
# come up, so a whole column of rows can be drawn with one `rng.choices` call (see `visit_lines`).
# Given names of one character (30%) or two (70%): 30 × 90 against 900 × 7.
GIVEN_NAMES = GIVEN * 90 + [first + second for first in GIVEN for second in GIVEN] * 7
# A mobile number: 1, then 3, 5, 8 or 9, then nine digits, as three pieces.
PHONE_HEADS = [f"1{network}{n:03d}" for network in "3589" for n in range(1000)]
THREE_DIGITS = [f"{n:03d}" for n in range(1000)]
TOPICS = {
    "财政经济": ["预算管理", "税收优惠", "金融服务", "国有资产", "审计监督", "政府债务"],
    "城乡建设": ["老旧小区改造", "道路维修", "停车管理", "供水供气", "垃圾分类", "物业管理"],
    "农业农村": ["高标准农田", "农村公路", "饮水安全", "农产品销售", "宅基地", "乡村振兴"],
    "教育科技": ["学位供给", "校园安全", "课后服务", "职业教育", "科技创新", "教师待遇"],
    "医疗卫生": ["基层医疗", "医保报销", "养老服务", "药品价格", "疾病预防", "托育服务"],
    "社会保障": ["就业创业", "社保缴纳", "低保救助", "残疾人帮扶", "退役军人", "农民工工资"],
    "生态环境": ["河湖治理", "噪声扰民", "大气污染", "土壤修复", "绿化提升", "长江保护"],
    "交通运输": ["公交线路", "交通拥堵", "货运物流", "航道港口", "出行安全", "高速收费"],
    "政法工作": ["社区矫正", "法律援助", "治安防控", "矛盾调解", "诉讼服务", "普法宣传"],
    "文化旅游": ["公共图书馆", "文物保护", "全民健身", "旅游开发", "非遗传承", "文化惠民"],
}
DEPARTMENTS = (
    "发展和改革委员会 教育局 科学技术局 工业和信息化局 公安局 民政局 司法局 财政局 人力资源和社会保障局 "
    "自然资源和规划局 生态环境局 住房和城乡建设局 交通运输局 水利和湖泊局 农业农村局 商务局 文化和旅游局 "
    "卫生健康委员会 退役军人事务局 应急管理局 审计局 市场监督管理局 统计局 医疗保障局 城市管理执法委员会 "
    "林业局 粮食和物资储备局 信访局 数据局 体育局 人民法院 人民检察院 供电公司 自来水公司 燃气集团 "
    "公交集团 地方金融管理局 住房公积金中心 残疾人联合会 税务局"
).split()
UNITS_PER_REGION = {"province": 40, "city": 30, "county": 25}
LEVEL_OF_REGION = {"province": "provincial", "city": "municipal", "county": "county", "township": "township"}

VISIT_CHANNELS = (
    (["in_person"] * 60)
    + (["home_visit"] * 12)
    + (["phone"] * 12)
    + (["online"] * 10)
    + (["meeting"] * 4)
    + (["photo_report"] * 2)
)
VISIT_OUTCOMES = (["answered"] * 62) + (["to_suggestion"] * 12) + (["referred"] * 18) + (["no_action"] * 8)
VISIT_PEOPLE = (["1"] * 36) + ["2", "3", "4", "5"]  # nine in ten come alone
MINUTES_SECONDS = [f":{m:02d}:{s:02d}+08" for m in range(60) for s in range(60)]  # completes an hour's text


@dataclass
class World:
    """What the row generators share: ids of everything already loaded, and the clock."""

    scale: Scale
    now: int  # seconds since `origin`
    origin: datetime
    province_id: int = 0
    regions: list = field(default_factory=list)  # (id, code, name, level, parent_id)
    region_code: dict = field(default_factory=dict)
    county_of: dict = field(default_factory=dict)  # township region id → county region id
    congress_of_region: dict = field(default_factory=dict)
    congresses: list = field(default_factory=list)  # (id, name, level, region_id)
    mandates: list = field(default_factory=list)  # (deputy_id, congress_id, region_id)
    deputies: int = 0
    stations: list = field(default_factory=list)  # (id, township region id)
    station_deputies: dict = field(default_factory=dict)  # station id → [deputy ids]
    leaf_categories: list = field(default_factory=list)  # (id, top index)
    units_of_region: dict = field(default_factory=dict)  # region id → [unit ids]
    day_text: list = field(default_factory=list)
    date_text: list = field(default_factory=list)

    def ts(self, seconds: int) -> str:
        day, rest = divmod(int(seconds), DAY)
        return f"{self.day_text[day]} {rest // 3600:02d}:{rest // 60 % 60:02d}:{rest % 60:02d}+08"

    def day(self, seconds: int) -> str:
        return self.date_text[int(seconds) // DAY]

    def unit_region(self, congress_region_id: int | None) -> int:
        """Where the units answering a congress sit: a township's suggestions go to its county."""
        if congress_region_id is None:
            return self.province_id
        return self.county_of.get(congress_region_id, congress_region_id)


def make_world(scale: Scale, today: date | None = None) -> World:
    today = today or datetime.now(TZ).date()
    first = today - timedelta(days=YEAR_DAYS + 5)
    origin = datetime(first.year, first.month, first.day, tzinfo=TZ)
    moment = datetime.now(TZ)
    if moment.date() != today:  # a fixed day (tests): noon of it
        moment = datetime(today.year, today.month, today.day, 12, tzinfo=TZ)
    now = int((moment - origin).total_seconds())
    world = World(scale=scale, now=now, origin=origin)
    days = [first + timedelta(days=d) for d in range(YEAR_DAYS + 400)]
    world.day_text = [d.isoformat() for d in days]
    world.date_text = world.day_text
    return world


def world_from_db(cursor, scale: Scale) -> World:
    """The part of a loaded world the visit generator needs, read back from the database."""
    world = make_world(scale)
    cursor.execute("SELECT id, region_id FROM stations_station ORDER BY id")
    world.stations = cursor.fetchall()
    cursor.execute(
        "SELECT c.id, p.order, p.id, c.name FROM suggestions_category c "
        "JOIN suggestions_category p ON p.id = c.parent_id ORDER BY c.id"
    )
    world.leaf_categories = cursor.fetchall()
    return world


def _name(rng) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)


def _phone(rng) -> str:
    return rng.choice(PHONE_HEADS) + rng.choice(THREE_DIGITS) + rng.choice(THREE_DIGITS)


def _row(*values) -> str:
    return "\t".join(NULL if v is None else str(v) for v in values) + "\n"


# --- reference data ------------------------------------------------------------------------------


def region_lines(world: World):
    s = world.scale
    rid = 0

    def add(code, name, level, parent):
        nonlocal rid
        rid += 1
        world.regions.append((rid, code, name, level, parent))
        world.region_code[rid] = code
        return rid

    world.province_id = add("420000", "湖北省", "province", None)
    for c in range(s.cities):
        city_code = f"42{c + 1:02d}"
        city = add(f"{city_code}00", f"{CITY_NAMES[c % len(CITY_NAMES)]}市", "city", world.province_id)
        for k in range(s.counties_per_city):
            county_code = f"{city_code}{k + 2:02d}"
            county = add(county_code, f"{CITY_NAMES[c % len(CITY_NAMES)]}第{k + 1}区", "county", city)
            for t in range(s.townships_per_county):
                township = add(f"{county_code}{t + 1:03d}", f"第{t + 1}街道", "township", county)
                world.county_of[township] = county
    for rid_, code, name, level, parent in world.regions:
        yield _row(rid_, code, name, level, parent)


def congress_lines(world: World):
    cid = 0

    def add(name, level, region):
        nonlocal cid
        cid += 1
        world.congresses.append((cid, name, level, region))
        if region is not None:
            world.congress_of_region[region] = cid
        return _row(cid, name, level, region)

    yield add("全国人民代表大会", "national", None)
    names = {r[0]: r[2] for r in world.regions}
    for rid, _code, name, level, parent in world.regions:
        full = name if level in ("province", "city") else f"{names[parent]}{name}"
        if level == "township":
            full = f"{names[world.county_of[rid]]}{name}"
        yield add(f"{full}人民代表大会", LEVEL_OF_REGION[level], rid)


def term_lines(world: World):
    for cid, _, level, _region in world.congresses:
        number = 14 if level in ("national", "provincial") else 16
        yield _row(cid, number, "2023-01-15", "2028-01-14", cid)


def deputy_and_mandate_lines(world: World, rng):
    """Deputies per congress at each level; one in twenty county deputies also sits in a township."""
    deputies, mandates = [], []
    cities = [r[0] for r in world.regions if r[3] == "city"]
    for cid, _, level, region in world.congresses:
        for _ in range(world.scale.deputies[level]):
            world.deputies += 1
            did = world.deputies
            constituency_region = region or rng.choice(cities)
            if level in ("national", "provincial"):
                constituency_region = rng.choice(cities)
            deputies.append(_deputy_row(did, rng))
            world.mandates.append((did, cid, constituency_region))
    township_congresses = [c for c in world.congresses if c[2] == "township"]
    county_mandates = [m for m in world.mandates if world.congresses[m[1] - 1][2] == "county"]
    for did, _cid, _region in county_mandates[::20]:
        cid, _n, _l, region = rng.choice(township_congresses)
        world.mandates.append((did, cid, region))
    for mid, (did, cid, region) in enumerate(world.mandates, start=1):
        mandates.append(_row(mid, f"第{region}选区", "2023-01-15", None, "serving", did, region, cid))
    return deputies, mandates


def _deputy_row(did: int, rng) -> str:
    gender = "female" if rng.random() < 0.3 else "male"
    sector = rng.choice(["worker", "farmer", "professional", "official", "business", "other"])
    birth = f"{rng.randrange(1960, 1995)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
    return _row(did, _name(rng), gender, "汉族", birth, sector, "", "中共党员", _phone(rng), "", uuid.uuid4(), None)


def station_lines(world: World, rng):
    """Stations spread over the townships: a 代表之家 first in each, then stations and points."""
    townships = [r[0] for r in world.regions if r[3] == "township"]
    lines = []
    for sid in range(1, world.scale.stations + 1):
        region = townships[(sid - 1) % len(townships)]
        kind = "home" if sid <= len(townships) else rng.choice(["station", "station", "point"])
        name = f"{'代表之家' if kind == 'home' else '代表联络站'}{sid}"
        world.stations.append((sid, region))
        lines.append(
            _row(
                sid,
                kind,
                name,
                f"第{sid}号",
                None,
                None,
                "",
                "周一至周五 9:00-17:00",
                "2020-06-01",
                None,
                None,
                uuid.uuid4(),
                None,
                None,
                region,
            )
        )
    return lines


def station_deputy_lines(world: World, rng):
    """Every deputy grouped into one station in (or under) their constituency."""
    stations_under = {}
    for sid, region in world.stations:
        code = world.region_code[region]
        for prefix in (code[:4], code[:6], code):
            stations_under.setdefault(prefix, []).append(sid)
    seen, lines = set(), []
    for did, _cid, region in world.mandates:
        if did in seen:
            continue
        seen.add(did)
        code = world.region_code[region]
        prefix = code[:4] if code.endswith("00") else code
        candidates = stations_under.get(prefix) or [s[0] for s in world.stations]
        sid = rng.choice(candidates)
        world.station_deputies.setdefault(sid, []).append(did)
        role = "head" if len(world.station_deputies[sid]) == 1 else "member"
        lines.append(_row(len(lines) + 1, role, "2023-03-01", None, did, sid))
    return lines


def category_lines(world: World):
    cid, lines = 0, []
    for top_index, (top, children) in enumerate(TOPICS.items()):
        cid += 1
        top_id = cid
        lines.append(_row(top_id, top, top_index, None))
        for order, child in enumerate(children):
            cid += 1
            lines.append(_row(cid, child, order, top_id))
            world.leaf_categories.append((cid, top_index, top_id, child))
    return lines


def unit_lines(world: World):
    uid, lines = 0, []
    for rid, _code, name, level, _parent in world.regions:
        if level not in UNITS_PER_REGION:
            continue
        congress = world.congress_of_region[rid]
        for department in DEPARTMENTS[: UNITS_PER_REGION[level]]:
            uid += 1
            kind = {"人民法院": "court", "人民检察院": "procuratorate"}.get(department, "government")
            lines.append(_row(uid, f"{name}{department}", kind, congress, None, rid))
            world.units_of_region.setdefault(rid, []).append(uid)
    return lines


def routing_rule_lines(world: World):
    """One rule per top category and unit region: the unit whose department fits the category."""
    rules, co_units, rid = [], [], 0
    for region, units in world.units_of_region.items():
        for top_index in range(len(TOPICS)):
            rid += 1
            top_id = 1 + top_index * 7
            rules.append(_row(rid, "t", top_id, _lead_unit(units, top_index), region))
            co_units.append(_row(rid, rid, _co_unit(units, top_index)))
    return rules, co_units


def _lead_unit(units: list, top_index: int) -> int:
    return units[(top_index * 3) % len(units)]


def _co_unit(units: list, top_index: int) -> int:
    return units[(top_index * 3 + 1) % len(units)]


# --- suggestions and what hangs off them --------------------------------------------------------


@dataclass
class Children:
    """Rows of the tables under suggestions, rendered while the suggestions stream."""

    co_signers: io.StringIO = field(default_factory=io.StringIO)
    assignments: io.StringIO = field(default_factory=io.StringIO)
    replies: io.StringIO = field(default_factory=io.StringIO)
    judgements: io.StringIO = field(default_factory=io.StringIO)
    events: io.StringIO = field(default_factory=io.StringIO)
    counts: dict = field(default_factory=lambda: dict.fromkeys(("co", "assign", "reply", "judge", "event"), 0))


TRACKING = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def tracking_code(sid: int) -> str:
    """Unique per id, in the portal's alphabet, with a leading 'Y' no generated 10-letter code shares
    by accident more than any other letter: the portal checks uniqueness before it uses a code."""
    chars = []
    for _ in range(9):
        sid, digit = divmod(sid, 32)
        chars.append(TRACKING[digit])
    return "Y" + "".join(reversed(chars))


def suggestion_lines(world: World, rng, children: Children):
    """A year of suggestions. Each one's state follows from random but plausible durations compared
    with now, and its denormalised reply figures are those of the reply written beside it."""
    townships = {}
    for sid, region in world.stations:
        townships.setdefault(region, []).append(sid)
    start = world.now - YEAR_DAYS * DAY
    for sid in range(1, world.scale.suggestions + 1):
        yield _one_suggestion(world, rng, children, sid, start + rng.randrange(YEAR_DAYS * DAY))


def _one_suggestion(world: World, rng, ch: Children, sid: int, t_sub: int) -> str:
    public = rng.random() < 0.3
    if public:
        station, township = rng.choice(world.stations)
        congress, region, lead_deputy = world.congress_of_region[township], township, None
        submitter_name, submitter_phone, kind = _name(rng), _phone(rng), "public"
    else:
        lead_deputy, congress, _constituency = rng.choice(world.mandates)
        region = world.congresses[congress - 1][3] or world.province_id
        station, submitter_name, submitter_phone, kind = None, "", "", "deputy"
    category, top_index, _top_id, topic = rng.choice(world.leaf_categories)
    units = world.units_of_region[world.unit_region(world.congresses[congress - 1][3])]
    lead_unit, co_unit = _lead_unit(units, top_index), _co_unit(units, top_index)

    # The timeline, in seconds since the origin; a step happens only if its time is already past.
    t_assign = t_sub + rng.randrange(DAY // 2, 6 * DAY)
    t_accept = t_assign + rng.randrange(DAY // 2, 7 * DAY)
    t_reply = t_accept + int(rng.triangular(10, 120, 55) * DAY)
    judged = kind == "deputy" and rng.random() < 0.85
    t_judge = t_reply + rng.randrange(2 * DAY, 25 * DAY) if judged else t_reply + 28 * DAY
    assigned_day = t_assign // DAY
    due_day = assigned_day + 91
    fate = rng.random()  # declined, withdrawn or merged for a few
    now = world.now

    status, events = "submitted", [("submit", "", "submitted", t_sub, f'{{"kind": "{kind}"}}')]
    fields = dict(assigned=False, replied=False, closed_at=None, satisfaction="", decline="", merged=None)
    active = True
    if now >= t_assign and fate < 0.02:
        status = "declined"
        fields["decline"] = "outside_jurisdiction"
        events.append(("decline", "submitted", "declined", t_assign, '{"reason": "outside_jurisdiction"}'))
    elif now >= t_assign and fate < 0.03 and sid > 1:
        status, fields["merged"] = "merged", rng.randrange(1, sid)
        events.append(("merge", "submitted", "merged", t_assign, f'{{"into": {fields["merged"]}}}'))
    elif now >= t_assign:
        status, fields["assigned"] = "assigned", True
        events.append(("assign", "submitted", "assigned", t_assign, '{"rule": true}'))
        if now >= t_accept:
            status = "handling"
            events.append(("accept", "assigned", "handling", t_accept, "{}"))
        withdraw_at = t_accept + DAY
        if fate < 0.04 and now >= withdraw_at and withdraw_at < t_reply:
            events.append(("withdraw", status, "withdrawn", withdraw_at, "{}"))
            status, active = "withdrawn", False
        elif now >= t_reply:
            status, fields["replied"] = "replied", True
            result = rng.choices("ABCD", (55, 25, 15, 5))[0]
            face = rng.random() < 0.4
            on_time = t_reply // DAY <= due_day
            events.append(
                (
                    "reply",
                    "handling",
                    "replied",
                    t_reply,
                    f'{{"result": "{result}", "round": 1, "on_time": {str(on_time).lower()}, '
                    f'"face_to_face": {str(face).lower()}}}',
                )
            )
            if now >= t_judge:
                status = _judge_or_close(world, rng, ch, sid, lead_deputy, judged, t_judge, events, fields)
    if status == "handling" and fields["replied"]:
        due_day = t_judge // DAY + 30  # 不满意: a new reply is due within a month
    lead = fields["assigned"]
    reply_id = None
    if lead:
        _assignment_rows(world, rng, ch, sid, lead_unit, co_unit, t_assign, t_accept, due_day, active, status)
    if fields["replied"]:
        ch.counts["reply"] += 1
        reply_id = ch.counts["reply"]
        ch.replies.write(
            _row(
                reply_id,
                1,
                result,
                f"关于{topic}建议的答复",
                face,
                on_time,
                world.ts(t_reply),
                "",
                None,
                lead_unit,
                sid,
            )
        )
        if fields.get("judgement"):
            ch.counts["judge"] += 1
            ch.judgements.write(
                _row(ch.counts["judge"], fields["judgement"], "", world.ts(t_judge), lead_deputy, reply_id)
            )
    if kind == "deputy" and rng.random() < 0.25:
        _co_signer_rows(world, rng, ch, sid, lead_deputy)
    for action, from_status, to_status, at, data in events:
        ch.counts["event"] += 1
        ch.events.write(_row(ch.counts["event"], action, from_status, to_status, world.ts(at), data, None, sid))

    replied = fields["replied"]
    return _row(
        sid,
        f"关于{topic}的建议",
        f"关于加强{topic}工作的意见：群众反映较多，建议有关部门研究解决。",
        kind,
        submitter_name,
        submitter_phone,
        status,
        "t" if rng.random() < 0.02 else "f",
        tracking_code(sid),
        f"{topic} 建议 群众",
        world.ts(t_sub),
        world.day(t_sub + 7 * DAY),
        world.ts(t_assign) if lead else None,
        world.date_text[due_day] if lead else None,
        "f",
        world.ts(t_reply) if replied else None,
        result if replied else "",
        on_time if replied else None,
        face if replied else None,
        fields["satisfaction"],
        world.ts(fields["closed_at"]) if fields["closed_at"] else None,
        fields["decline"],
        category,
        congress,
        None,
        lead_deputy,
        lead_unit if lead else None,
        fields["merged"],
        region,
        station,
        None,
    )


def _judge_or_close(world, rng, ch, sid, lead_deputy, judged, t_judge, events, fields) -> str:
    """After the reply: the lead deputy judges (and 不满意 sends it back), or nobody judges and the
    feedback window closes it."""
    if not judged:
        fields["closed_at"] = t_judge
        events.append(("close", "replied", "closed", t_judge, '{"automatic": true}'))
        return "closed"
    satisfaction = rng.choices(("satisfied", "basic", "unsatisfied"), (70, 25, 5))[0]
    fields["judgement"] = satisfaction
    events.append(("judge", "", "", t_judge, f'{{"satisfaction": "{satisfaction}", "round": 1}}'))
    fields["satisfaction"] = satisfaction
    if satisfaction == "unsatisfied":
        events.append(("rehandle", "replied", "handling", t_judge, "{}"))
        return "handling"
    fields["closed_at"] = t_judge
    events.append(("close", "replied", "closed", t_judge, '{"automatic": false}'))
    return "closed"


def _assignment_rows(world, rng, ch, sid, lead_unit, co_unit, t_assign, t_accept, due_day, active, status):
    accepted = world.ts(t_accept) if status not in ("assigned",) and t_accept <= world.now else None
    ch.counts["assign"] += 1
    ch.assignments.write(
        _row(
            ch.counts["assign"],
            "lead",
            world.ts(t_assign),
            world.date_text[due_day],
            accepted,
            None,
            "",
            "",
            None,
            "t" if active else "f",
            lead_unit,
            sid,
        )
    )
    if rng.random() < 0.2:
        ch.counts["assign"] += 1
        ch.assignments.write(
            _row(
                ch.counts["assign"],
                "co",
                world.ts(t_assign),
                world.date_text[t_assign // DAY + 30],
                None,
                None,
                "",
                "",
                None,
                "t" if active else "f",
                co_unit,
                sid,
            )
        )


def _co_signer_rows(world, rng, ch, sid, lead_deputy):
    signers = {rng.randrange(1, world.deputies + 1) for _ in range(rng.randrange(1, 4))} - {lead_deputy}
    for deputy in signers:
        ch.counts["co"] += 1
        ch.co_signers.write(_row(ch.counts["co"], sid, deputy))


# --- visits -----------------------------------------------------------------------------------

VISIT_COLUMNS = (
    "id",
    "visited_at",
    "channel",
    "visitor_name",
    "visitor_phone",
    "people_count",
    "content",
    "outcome",
    "outcome_note",
    "created_at",
    "updated_at",
    "category_id",
    "created_by_id",
    "station_id",
)


# Rows drawn at a time: enough that a `rng.choices` call per column costs nothing per row, few enough
# that the columns stay in the CPU cache and PostgreSQL gets the first rows at once (10,000 was slower).
VISIT_CHUNK = 1000


def visit_lines(world: World, rng, count: int, deputies_out: io.StringIO | None = None, first_id: int = 1):
    """A year of visits spread over the stations; one in ten was received by a deputy of the station.

    Yields COPY text a chunk of rows at a time. Writing rows in Python was the load's bottleneck: a
    dozen random calls and some number formatting per row (~4 µs) came to half PostgreSQL's COPY rate.
    Here each column of a chunk is one `rng.choices` call over a pool of ready text, and a row is one
    f-string of those pieces (~1.5 µs).
    """
    stations = [sid for sid, _region in world.stations]
    hours, topics = _visit_hours(world), _visit_topics(world)
    end, links = first_id + count, 0
    for first in range(first_id, end, VISIT_CHUNK):
        ids = range(first, min(first + VISIT_CHUNK, end))
        station_of = rng.choices(stations, k=len(ids))
        yield "".join(_visit_rows(rng, ids, station_of, hours, topics))
        if deputies_out is not None:
            links = _visit_deputy_lines(world, rng, ids, station_of, deputies_out, links)


def _visit_hours(world: World) -> list[str]:
    """The text ("YYYY-MM-DD HH") of every whole hour of the year before now: with a uniform minute and
    second after it, a visit is equally likely at any moment of that year, and never in the future."""
    first = -(-(world.now - YEAR_DAYS * DAY) // 3600)  # the first whole hour of the year
    return [f"{world.day_text[hour // 24]} {hour % 24:02d}" for hour in range(first, world.now // 3600)]


def _visit_topics(world: World) -> list[tuple]:
    """(category id, content) of a visit: 60% are filed under a sub-category, the rest under none."""
    filed = [(cid, f"反映{name}问题，希望尽快解决。") for cid, _top, _top_id, name in world.leaf_categories]
    return filed * 3 + [(NULL, "反映其他事项问题，希望尽快解决。")] * (2 * len(filed))


def _visit_rows(rng, ids: range, stations: list, hours: list, topics: list) -> list[str]:
    """COPY lines of the visits `ids` received at `stations`; the other columns are drawn here."""

    def pick(pool):
        return rng.choices(pool, k=len(ids))

    moments = map(concat, pick(hours), pick(MINUTES_SECONDS))
    names = map(concat, pick(SURNAMES), pick(GIVEN_NAMES))
    phones = map("".join, zip(pick(PHONE_HEADS), pick(THREE_DIGITS), pick(THREE_DIGITS), strict=True))
    columns = (pick(VISIT_CHANNELS), pick(VISIT_PEOPLE), pick(topics), pick(VISIT_OUTCOMES))
    rows = zip(ids, stations, moments, names, phones, *columns, strict=True)
    # visited_at, created_at and updated_at are the same moment; nobody logged them in the portal
    return [
        f"{vid}\t{at}\t{channel}\t{name}\t{phone}\t{people}\t{content}\t{outcome}\t\t"
        f"{at}\t{at}\t{category}\t{NULL}\t{station}\n"
        for vid, station, at, name, phone, channel, people, (category, content), outcome in rows
    ]


def _visit_deputy_lines(world: World, rng, ids: range, stations: list, out: io.StringIO, links: int) -> int:
    """One visit in ten was received by a deputy of its station, if it has any; returns the links so far."""
    for vid, station in zip(ids, stations, strict=True):
        deputies = world.station_deputies.get(station)
        if rng.random() < 0.1 and deputies:
            links += 1
            out.write(f"{links}\t{vid}\t{rng.choice(deputies)}\n")
    return links


# --- the load -----------------------------------------------------------------------------------

SUGGESTION_COLUMNS = (
    "id",
    "title",
    "content",
    "kind",
    "submitter_name",
    "submitter_phone",
    "status",
    "key_supervision",
    "tracking_code",
    "keywords",
    "submitted_at",
    "assign_due_on",
    "assigned_at",
    "due_on",
    "extended",
    "replied_at",
    "result",
    "replied_on_time",
    "face_to_face",
    "satisfaction",
    "closed_at",
    "decline_reason",
    "category_id",
    "congress_id",
    "created_by_id",
    "lead_deputy_id",
    "lead_unit_id",
    "merged_into_id",
    "region_id",
    "source_station_id",
    "source_visit_id",
)
COLUMNS = {
    "liaison_region": ("id", "code", "name", "level", "parent_id"),
    "liaison_congress": ("id", "name", "level", "region_id"),
    "liaison_term": ("id", "number", "started_on", "ends_on", "congress_id"),
    "liaison_deputy": (
        "id",
        "name",
        "gender",
        "ethnicity",
        "birth_date",
        "sector",
        "occupation",
        "party",
        "phone",
        "photo",
        "public_id",
        "user_id",
    ),
    "liaison_mandate": ("id", "constituency", "started_on", "ended_on", "status", "deputy_id", "region_id", "term_id"),
    "stations_station": (
        "id",
        "kind",
        "name",
        "address",
        "latitude",
        "longitude",
        "phone",
        "opening_hours",
        "established_on",
        "stars",
        "rated_at",
        "public_id",
        "parent_id",
        "rated_by_id",
        "region_id",
    ),
    "stations_stationdeputy": ("id", "role", "started_on", "ended_on", "deputy_id", "station_id"),
    "suggestions_category": ("id", "name", "order", "parent_id"),
    "suggestions_handlingunit": ("id", "name", "kind", "congress_id", "parent_id", "region_id"),
    "suggestions_routingrule": ("id", "active", "category_id", "lead_unit_id", "region_id"),
    "suggestions_routingrule_co_units": ("id", "routingrule_id", "handlingunit_id"),
    "suggestions_suggestion": SUGGESTION_COLUMNS,
    "suggestions_suggestion_co_signers": ("id", "suggestion_id", "deputy_id"),
    "suggestions_assignment": (
        "id",
        "role",
        "assigned_at",
        "due_on",
        "accepted_at",
        "returned_at",
        "return_reason",
        "co_view",
        "co_view_at",
        "active",
        "unit_id",
        "suggestion_id",
    ),
    "suggestions_reply": (
        "id",
        "round",
        "result",
        "content",
        "face_to_face",
        "on_time",
        "replied_at",
        "attachment",
        "replied_by_id",
        "unit_id",
        "suggestion_id",
    ),
    "suggestions_judgement": ("id", "satisfaction", "comment", "judged_at", "deputy_id", "reply_id"),
    "suggestions_suggestionevent": (
        "id",
        "action",
        "from_status",
        "to_status",
        "created_at",
        "data",
        "actor_id",
        "suggestion_id",
    ),
    "stations_visit": VISIT_COLUMNS,
    "stations_visit_deputies": ("id", "visit_id", "deputy_id"),
}


class Timer:
    """Collects (table, rows, seconds) per phase and prints each as it finishes."""

    def __init__(self, quiet=False):
        self.phases, self.quiet = [], quiet

    def record(self, phase: str, rows: int, seconds: float):
        self.phases.append((phase, rows, seconds))
        if not self.quiet:
            rate = f"{rows / seconds:,.0f} rows/s" if rows and seconds else ""
            print(f"  {phase:<48} {rows:>11,} rows {seconds:8.2f} s  {rate}", flush=True)


def load(cursor, scale: Scale, seed: int = 2026, today: date | None = None, quiet: bool = False) -> Timer:
    """Load a whole data set through `cursor` (a psycopg2 cursor) into empty tables.

    Outside a transaction (autocommit) it ends with VACUUM ANALYZE, which also sets the visibility
    map so counts can be answered from an index alone; inside one (tests), with ANALYZE.
    """
    rng = random.Random(seed)
    world = make_world(scale, today)
    timer = Timer(quiet)
    cursor.execute("SET synchronous_commit = off")
    cursor.execute("SET maintenance_work_mem = '1GB'")
    rebuild = {}
    for table in BIG_TABLES:
        rebuild[table] = drop_indexes_and_keys(cursor, table)

    def put(table, lines):
        started = time.perf_counter()
        rows = copy_rows(cursor, table, COLUMNS[table], lines)
        timer.record(f"copy {table}", rows, time.perf_counter() - started)

    def put_buffer(table, buffer: io.StringIO, rows: int):
        started = time.perf_counter()
        buffer.seek(0)
        cursor.copy_expert(
            f"COPY {table} ({', '.join(chr(34) + c + chr(34) for c in COLUMNS[table])}) FROM STDIN",
            buffer,
            size=1 << 18,
        )
        timer.record(f"copy {table}", rows, time.perf_counter() - started)

    put("liaison_region", region_lines(world))
    put("liaison_congress", congress_lines(world))
    put("liaison_term", term_lines(world))
    deputies, mandates = deputy_and_mandate_lines(world, rng)
    put("liaison_deputy", deputies)
    put("liaison_mandate", mandates)
    put("stations_station", station_lines(world, rng))
    put("stations_stationdeputy", station_deputy_lines(world, rng))
    put("suggestions_category", category_lines(world))
    put("suggestions_handlingunit", unit_lines(world))
    rules, co_units = routing_rule_lines(world)
    put("suggestions_routingrule", rules)
    put("suggestions_routingrule_co_units", co_units)

    children = Children()
    put("suggestions_suggestion", suggestion_lines(world, rng, children))
    put_buffer("suggestions_suggestion_co_signers", children.co_signers, children.counts["co"])
    put_buffer("suggestions_assignment", children.assignments, children.counts["assign"])
    put_buffer("suggestions_reply", children.replies, children.counts["reply"])
    put_buffer("suggestions_judgement", children.judgements, children.counts["judge"])
    put_buffer("suggestions_suggestionevent", children.events, children.counts["event"])
    del children

    links = io.StringIO()
    put("stations_visit", visit_lines(world, rng, scale.visits, links))
    put_buffer("stations_visit_deputies", links, links.getvalue().count("\n"))

    for table in BIG_TABLES:  # indexes and the keys on them first, then the foreign keys
        seconds = build_indexes(cursor, rebuild[table].indexes) + run_all(cursor, rebuild[table].keys)
        timer.record(f"index {table}", 0, seconds)
    for table in BIG_TABLES:
        timer.record(f"foreign keys {table}", 0, run_all(cursor, rebuild[table].foreign_keys))
    for table in COLUMNS:
        reset_sequence(cursor, table)
    started = time.perf_counter()
    analyze = "VACUUM ANALYZE" if cursor.connection.autocommit else "ANALYZE"
    for table in COLUMNS:
        cursor.execute(f"{analyze} {table}")
    timer.record(analyze.lower(), 0, time.perf_counter() - started)
    return timer


# --- the database --------------------------------------------------------------------------------


def psql(sql: str, database: str = "postgres") -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-qAtc", sql], check=True)


def create_database(name: str) -> None:
    """A fresh database for the benchmark (only names starting liaison_bench: never someone else's)."""
    assert name.startswith("liaison_bench"), name
    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0 LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'")
    env = {**os.environ, "DATABASE_URL": PG_URL.format(name), "DJANGO_SETTINGS_MODULE": "liaison.settings"}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], check=True, env=env)


def generate(scale: Scale) -> Timer:
    import psycopg2

    started = time.perf_counter()
    create_database(scale.database)
    print(f"database {scale.database} created and migrated in {time.perf_counter() - started:.1f} s", flush=True)
    connection = psycopg2.connect(dbname=scale.database, user="postgres", host="127.0.0.1")
    connection.autocommit = True  # each COPY commits on its own; an index build is not held back by others
    with connection.cursor() as cursor:
        timer = load(cursor, scale)
        cursor.execute("CREATE TABLE bench_meta (scale text, loaded_at timestamptz DEFAULT now(), phases jsonb)")
        import json

        cursor.execute("INSERT INTO bench_meta (scale, phases) VALUES (%s, %s)", [scale.name, json.dumps(timer.phases)])
    connection.close()
    total = time.perf_counter() - started
    copied = sum(rows for _, rows, _ in timer.phases)
    copy_seconds = sum(s for phase, _, s in timer.phases if phase.startswith("copy"))
    index_seconds = sum(s for phase, _, s in timer.phases if not phase.startswith("copy"))
    print(
        f"loaded {copied:,} rows: COPY {copy_seconds:.1f} s, indexes/keys/analyze {index_seconds:.1f} s, "
        f"total with migrations {total:.1f} s",
        flush=True,
    )
    return timer


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="quick")
    args = parser.parse_args(argv)
    generate(SCALES[args.scale])


if __name__ == "__main__":
    main()
