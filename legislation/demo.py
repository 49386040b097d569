"""Demo data for legislative consultation: contact points at 江欣苑社区 (武汉) and 九畹溪镇 (秭归) with
their information officers, a tea-industry regulation written for the demo and open for opinions,
and an elderly-care regulation whose consultation was reported with adoption recorded.

Keyed on natural keys, with fixed dates and texts, so running it twice changes nothing.
"""

from datetime import date, timedelta

from django.apps import apps
from django.utils import timezone

from legislation import services
from legislation.models import Article, Consultation, ContactPoint, Draft, InformationOfficer, LegislatureLevel, Opinion

TEA_TITLE = "宜昌市茶产业发展促进条例（草案征求意见稿）"
TEA_TEXT = """宜昌市茶产业发展促进条例
（草案征求意见稿）

目　录
第一章　总则
第二章　茶园建设与保护
第三章　加工与品牌
第四章　科技与服务
第五章　法律责任
第六章　附则

第一章　总则

第一条　为了促进茶产业高质量发展，保护茶农和茶企合法权益，传承茶文化，推进乡村振兴，根据有关法律、法规，结合本市实际，制定本条例。
第二条　本市行政区域内茶树种植、茶叶加工、流通、品牌建设、茶文化传承以及相关服务和监督管理活动，适用本条例。
第三条　茶产业发展应当坚持生态优先、质量为本、品牌引领、融合发展的原则。
第四条　市、县级人民政府应当将茶产业发展纳入国民经济和社会发展规划，建立茶产业发展协调机制，统筹解决茶产业发展中的重大问题。
乡镇人民政府应当做好本辖区茶园管护、技术推广等具体工作。

第二章　茶园建设与保护

第五条　市人民政府农业农村主管部门应当会同有关部门编制茶产业发展专项规划，划定茶叶优势产区。
第六条　鼓励在宜茶区域建设生态茶园、有机茶园，推广茶园绿色防控、测土配方施肥等技术。
第七条　任何单位和个人不得擅自占用、毁坏连片茶园。确需占用的，应当依法办理审批手续并予以补偿。
第七条之一　县级人民政府应当组织对低产低效茶园进行改造，对老茶园、古茶树实行名录管理。
第八条　禁止在茶园使用国家禁用的农药、化肥和其他投入品。

第三章　加工与品牌

第九条　茶叶加工企业应当建立原料进货查验、生产过程控制和出厂检验制度，保证茶叶质量安全。
第十条　支持茶叶加工企业进行清洁化、标准化、自动化改造。
第十一条　市人民政府应当加强“宜昌宜红”区域公用品牌建设，统一品牌标识、质量标准和推广宣传。
第十二条　鼓励茶叶企业、农民专业合作社申请地理标志、绿色食品、有机产品认证。
第十三条　支持举办茶文化节、采茶节等活动，推动茶旅融合，发展茶文化体验、茶园观光。

第四章　科技与服务

第十四条　支持高等学校、科研机构与茶叶企业合作开展良种选育、加工工艺和综合利用研究。
第十五条　县级以上人民政府应当加强基层茶叶技术推广队伍建设，为茶农提供技术培训和指导。
第十六条　金融机构应当创新适合茶产业特点的信贷产品，支持茶农、茶企融资。
第十七条　鼓励发展茶叶电子商务，支持建设茶叶交易市场和仓储物流设施。

第五章　法律责任

第十八条　违反本条例第八条规定，在茶园使用国家禁用的农药、化肥和其他投入品的，由农业农村主管部门依法处罚。
第十九条　有关部门及其工作人员在茶产业促进工作中滥用职权、玩忽职守、徇私舞弊的，依法给予处分。

第六章　附则

第二十条　本条例自　年　月　日起施行。
"""  # noqa: E501 (the text of a law keeps one article per line)

CARE_TITLE = "湖北省居家养老服务条例（草案·一审稿）"
CARE_TEXT = """湖北省居家养老服务条例（草案）
第一章　总则
第一条　为了规范居家养老服务，满足老年人居家养老服务需求，根据有关法律、行政法规，结合本省实际，制定本条例。
第二条　本省行政区域内居家养老服务及其监督管理活动，适用本条例。
第二章　服务供给
第三条　街道办事处、乡镇人民政府应当依托社区养老服务设施，为老年人提供助餐、助浴、助洁、助医等服务。
第四条　新建住宅小区应当按照规定配套建设社区养老服务用房，并与住宅同步规划、同步建设、同步验收、同步交付。
第五条　鼓励志愿服务组织、社会工作者参与居家养老服务，建立志愿服务时间储蓄制度。
第三章　保障措施
第六条　县级以上人民政府应当将居家养老服务经费列入本级财政预算。
第七条　对经济困难的高龄、失能老年人，按照规定给予居家养老服务补贴。
第四章　附则
第八条　本条例自　年　月　日起施行。
"""

# (name, legislature, level, region code, host station name, established on, address)
CONTACT_POINTS = [
    (
        "江欣苑社区基层立法联系点",
        "湖北省人大常委会法制工作委员会",
        LegislatureLevel.PROVINCIAL,
        "420103003",
        "江欣苑社区人大代表联络站",
        date(2021, 6, 1),
        "武汉市江汉区唐家墩街道江欣苑社区党群服务中心",
    ),
    (
        "九畹溪镇基层立法联系点",
        "宜昌市人大常委会法制工作委员会",
        LegislatureLevel.MUNICIPAL,
        "420527104",
        "九畹溪镇人大代表之家",
        date(2022, 4, 15),
        "秭归县九畹溪镇人民政府院内",
    ),
]

# contact point → (name, phone, organisation, active from)
OFFICERS = {
    "江欣苑社区基层立法联系点": [
        ("王梦", "13907141001", "江欣苑社区居委会", date(2021, 6, 1)),
        ("刘建华", "13907141002", "江欣苑社区网格员", date(2021, 6, 1)),
        ("周律", "13907141003", "湖北某律师事务所", date(2022, 3, 1)),
        ("胡秀英", "13907141004", "退休教师", date(2022, 3, 1)),
    ],
    "九畹溪镇基层立法联系点": [
        ("向德华", "13872691001", "九畹溪镇茶叶专业合作社", date(2022, 4, 15)),
        ("郑春燕", "13872691002", "九畹溪镇农业服务中心", date(2022, 4, 15)),
        ("谭志强", "13872691003", "周坪村村委会", date(2022, 4, 15)),
    ],
}

# (contact point, article number or None, content, submitter, kind, channel, officer name or None)
TEA_OPINIONS = [
    (
        "九畹溪镇基层立法联系点",
        "第四条",
        "建议明确乡镇茶叶站的职责和人员编制，否则技术推广落不到实处。",
        "向德华",
        "officer",
        "symposium",
        "向德华",
    ),
    (
        "九畹溪镇基层立法联系点",
        "第七条",
        "占用茶园的补偿标准应当公开，并听取茶农意见。",
        "谭志强",
        "resident",
        "visit",
        "谭志强",
    ),
    (
        "九畹溪镇基层立法联系点",
        "第七条之一",
        "古茶树名录管理要有经费保障，建议写明由县级财政安排。",
        "郑春燕",
        "officer",
        "symposium",
        "郑春燕",
    ),
    (
        "九畹溪镇基层立法联系点",
        "第十一条",
        "建议把“宜昌宜红”与秭归本地茶品牌的关系写清楚，避免小品牌被边缘化。",
        "屈明",
        "enterprise",
        "symposium",
        None,
    ),
    (
        "江欣苑社区基层立法联系点",
        "第十六条",
        "建议增加茶农贷款贴息的规定，降低融资成本。",
        "周律",
        "expert",
        "symposium",
        "周律",
    ),
    (
        "江欣苑社区基层立法联系点",
        None,
        "草案总体可行，建议增加茶叶质量追溯体系建设的内容。",
        "胡秀英",
        "officer",
        "questionnaire",
        "胡秀英",
    ),
]

# (article number or None, content, submitter, kind, channel, officer, outcome, note)
CARE_OPINIONS = [
    (
        "第三条",
        "助餐服务应当覆盖独居老人，并允许子女线上预订。",
        "王梦",
        "officer",
        "symposium",
        "王梦",
        "adopted",
        "已在第三条增加独居老人助餐内容。",
    ),
    ("第三条", "建议社区食堂为独居老人提供送餐上门服务。", "李桂兰", "resident", "visit", "刘建华", "", ""),
    (
        "第四条",
        "配套养老服务用房不得挪作他用，建议写明。",
        "周律",
        "expert",
        "symposium",
        "周律",
        "adopted",
        "已增加“不得擅自改变用途”的规定。",
    ),
    (
        "第五条",
        "志愿服务时间储蓄应当全省通存通兑。",
        "胡秀英",
        "officer",
        "questionnaire",
        "胡秀英",
        "partly_adopted",
        "省内通兑将由配套办法规定。",
    ),
    (
        "第七条",
        "建议将补贴范围扩大到所有80岁以上老人。",
        "陈志强",
        "deputy",
        "symposium",
        None,
        "not_adopted",
        "受财力所限，暂按经济困难标准执行。",
    ),
    (
        None,
        "希望条例多用老年人看得懂的语言。",
        "刘建华",
        "officer",
        "symposium",
        "刘建华",
        "adopted",
        "文字已作通俗化处理。",
    ),
]


def _station(name: str):
    try:
        Station = apps.get_model("stations", "Station")
    except LookupError:
        return None
    return Station.objects.filter(name=name).first()


def seed_contact_points(people) -> dict[str, ContactPoint]:
    points = {}
    for name, legislature, level, region_code, station_name, established_on, address in CONTACT_POINTS:
        point, _ = ContactPoint.objects.get_or_create(
            name=name,
            defaults={
                "legislature": legislature,
                "legislature_level": level,
                "region": people.regions[region_code],
                "established_on": established_on,
                "address": address,
            },
        )
        if point.host_station_id is None and (station := _station(station_name)):
            point.host_station = station
            point.save(update_fields=["host_station"])
        for officer_name, phone, organisation, active_from in OFFICERS[name]:
            InformationOfficer.objects.get_or_create(
                contact_point=point,
                name=officer_name,
                defaults={"phone": phone, "organisation": organisation, "active_from": active_from},
            )
        points[name] = point
    points["江欣苑社区基层立法联系点"].staff.add(people.users["legislation_staff"])
    return points


def _draft(people, title, legislature, level, reading, text) -> Draft:
    draft = Draft.objects.filter(title=title).first()
    if draft is None:
        draft = services.draft_create(
            actor=people.users["admin"],
            title=title,
            legislature=legislature,
            legislature_level=level,
            kind=Draft.Kind.LOCAL_REGULATION,
            reading=reading,
            text=text,
        )
    return draft


def _opinion(consultation, point, article_number, content, submitter, kind, channel, officer_name, on) -> Opinion:
    article = Article.objects.get(draft=consultation.draft, number=article_number) if article_number else None
    officer = InformationOfficer.objects.filter(contact_point=point, name=officer_name).first()
    opinion, _ = Opinion.objects.get_or_create(
        consultation=consultation,
        contact_point=point,
        article=article,
        content=content,
        defaults={
            "submitter_name": submitter,
            "submitter_kind": kind,
            "channel": channel,
            "officer": officer,
            "submitted_on": on,
        },
    )
    return opinion


def seed_tea_consultation(people, points) -> None:
    """Open, sent to both contact points; opening it notifies their staff."""
    draft = _draft(
        people, TEA_TITLE, "宜昌市人大常委会", LegislatureLevel.MUNICIPAL, Draft.Reading.CONSULTATION, TEA_TEXT
    )
    consultation = Consultation.objects.filter(draft=draft).first()
    if consultation is None:
        consultation = services.consultation_open(
            actor=people.users["admin"],
            draft=draft,
            contact_points=points.values(),
            deadline=timezone.localdate() + timedelta(days=30),
            note="请各联系点组织茶农、茶企、人大代表座谈，逐条收集意见。",
        )
    opened_on = timezone.localdate(consultation.opened_at)
    for point, *rest in TEA_OPINIONS:
        _opinion(consultation, points[point], *rest, on=opened_on)


def seed_care_consultation(people, points) -> None:
    """Reported last year, with the legislature's answers on adoption recorded."""
    draft = _draft(people, CARE_TITLE, "湖北省人大常委会", LegislatureLevel.PROVINCIAL, Draft.Reading.FIRST, CARE_TEXT)
    point = points["江欣苑社区基层立法联系点"]
    consultation, created = Consultation.objects.get_or_create(
        draft=draft,
        defaults={
            "deadline": date(2023, 11, 30),
            "note": "省人大常委会法工委委托征求意见。",
            "status": Consultation.Status.REPORTED,
            "closed_at": timezone.make_aware(timezone.datetime(2023, 11, 30, 18)),
            "reported_at": timezone.make_aware(timezone.datetime(2023, 12, 8, 10)),
            "staff_notified_at": timezone.make_aware(timezone.datetime(2023, 11, 1, 9)),
            "opened_by": people.users["admin"],
        },
    )
    if created:
        consultation.contact_points.add(point)
    opinions = []
    for index, (number, content, submitter, kind, channel, officer, outcome, note) in enumerate(CARE_OPINIONS):
        opinion = _opinion(
            consultation, point, number, content, submitter, kind, channel, officer, date(2023, 11, 6 + index)
        )
        if outcome and not opinion.outcome:
            Opinion.objects.filter(pk=opinion.pk).update(
                outcome=outcome,
                outcome_note=note,
                outcome_recorded_at=timezone.make_aware(timezone.datetime(2024, 3, 28)),
            )
        opinions.append(opinion)
    # The second opinion on 第三条 repeats the first: merged, and it shares the first one's outcome.
    first, duplicate = opinions[0], opinions[1]
    if duplicate.merged_into_id is None:
        first.refresh_from_db()
        Opinion.objects.filter(pk=duplicate.pk).update(
            merged_into=first,
            outcome=first.outcome,
            outcome_note=first.outcome_note,
            outcome_recorded_at=first.outcome_recorded_at,
        )


def seed(people) -> None:
    points = seed_contact_points(people)
    seed_tea_consultation(people, points)
    seed_care_consultation(people, points)
