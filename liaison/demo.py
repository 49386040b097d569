"""Demo people and organisation for `seed_demo`: real GB/T 2260 codes for the places the seed
reports name, congresses at all five levels, a few hundred deputies, groups and the demo accounts.

Deterministic (a fixed random seed) and keyed on natural keys, so running it twice changes nothing.
"""

import random
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model

from liaison.models import (
    CommitteeStaff,
    Congress,
    Deputy,
    DeputyGroup,
    GroupMembership,
    Level,
    Mandate,
    Region,
    Term,
)

DEMO_PASSWORD = "demo-pass-2024"

# (code, name, level, parent code)
REGIONS = [
    ("420000", "湖北省", "province", None),
    ("420100", "武汉市", "city", "420000"),
    ("420102", "江岸区", "county", "420100"),
    ("420103", "江汉区", "county", "420100"),
    ("420103003", "唐家墩街道", "township", "420103"),
    ("420103008", "北湖街道", "township", "420103"),
    ("420103012", "汉兴街道", "township", "420103"),
    ("420106", "武昌区", "county", "420100"),
    ("420106005", "中华路街道", "township", "420106"),
    ("420300", "十堰市", "city", "420000"),
    ("420304", "郧阳区", "county", "420300"),
    ("420304105", "刘洞镇", "township", "420304"),
    ("420304101", "城关镇", "township", "420304"),
    ("420381", "丹江口市", "county", "420300"),
    ("420381001", "均州路街道", "township", "420381"),
    ("420381105", "习家店镇", "township", "420381"),
    ("420500", "宜昌市", "city", "420000"),
    ("420527", "秭归县", "county", "420500"),
    ("420527104", "九畹溪镇", "township", "420527"),
    ("420527100", "茅坪镇", "township", "420527"),
    ("420529", "五峰土家族自治县", "county", "420500"),
    ("420529100", "五峰镇", "township", "420529"),
    ("420529103", "采花乡", "township", "420529"),
    ("420700", "鄂州市", "city", "420000"),
    ("420702", "梁子湖区", "county", "420700"),
    ("420702101", "东沟镇", "township", "420702"),
    ("420702102", "梁子镇", "township", "420702"),
    ("420900", "孝感市", "city", "420000"),
    ("420923", "云梦县", "county", "420900"),
    ("420923104", "下辛店镇", "township", "420923"),
    ("420923100", "城关镇", "township", "420923"),
    ("421000", "荆州市", "city", "420000"),
    ("421083", "洪湖市", "county", "421000"),
    ("421083002", "滨湖街道", "township", "421083"),
    ("421083103", "峰口镇", "township", "421083"),
    ("422800", "恩施土家族苗族自治州", "city", "420000"),
    ("422802", "利川市", "county", "422800"),
    ("422802105", "谋道镇", "township", "422802"),
    ("422802001", "都亭街道", "township", "422802"),
]

# Congress name, level, region code, term number, term start. Streets (街道) have no congress.
CONGRESSES = [
    ("全国人民代表大会", Level.NATIONAL, None, 14, date(2023, 3, 5)),
    ("湖北省人民代表大会", Level.PROVINCIAL, "420000", 14, date(2023, 1, 15)),
    ("武汉市人民代表大会", Level.MUNICIPAL, "420100", 16, date(2022, 1, 5)),
    ("十堰市人民代表大会", Level.MUNICIPAL, "420300", 9, date(2022, 1, 8)),
    ("宜昌市人民代表大会", Level.MUNICIPAL, "420500", 8, date(2022, 1, 6)),
    ("鄂州市人民代表大会", Level.MUNICIPAL, "420700", 9, date(2022, 1, 7)),
    ("孝感市人民代表大会", Level.MUNICIPAL, "420900", 9, date(2022, 1, 10)),
    ("荆州市人民代表大会", Level.MUNICIPAL, "421000", 7, date(2022, 1, 9)),
    ("恩施土家族苗族自治州人民代表大会", Level.MUNICIPAL, "422800", 9, date(2022, 1, 12)),
    ("武汉市江岸区人民代表大会", Level.COUNTY, "420102", 18, date(2021, 11, 20)),
    ("武汉市江汉区人民代表大会", Level.COUNTY, "420103", 17, date(2021, 11, 20)),
    ("武汉市武昌区人民代表大会", Level.COUNTY, "420106", 18, date(2021, 11, 20)),
    ("十堰市郧阳区人民代表大会", Level.COUNTY, "420304", 3, date(2021, 12, 1)),
    ("丹江口市人民代表大会", Level.COUNTY, "420381", 11, date(2021, 12, 1)),
    ("秭归县人民代表大会", Level.COUNTY, "420527", 19, date(2021, 12, 3)),
    ("五峰土家族自治县人民代表大会", Level.COUNTY, "420529", 11, date(2021, 12, 3)),
    ("鄂州市梁子湖区人民代表大会", Level.COUNTY, "420702", 6, date(2021, 12, 5)),
    ("云梦县人民代表大会", Level.COUNTY, "420923", 19, date(2021, 12, 2)),
    ("洪湖市人民代表大会", Level.COUNTY, "421083", 10, date(2021, 12, 4)),
    ("利川市人民代表大会", Level.COUNTY, "422802", 10, date(2021, 12, 6)),
    ("郧阳区刘洞镇人民代表大会", Level.TOWNSHIP, "420304105", 19, date(2021, 12, 10)),
    ("郧阳区城关镇人民代表大会", Level.TOWNSHIP, "420304101", 19, date(2021, 12, 10)),
    ("丹江口市习家店镇人民代表大会", Level.TOWNSHIP, "420381105", 18, date(2021, 12, 10)),
    ("秭归县九畹溪镇人民代表大会", Level.TOWNSHIP, "420527104", 17, date(2021, 12, 10)),
    ("秭归县茅坪镇人民代表大会", Level.TOWNSHIP, "420527100", 17, date(2021, 12, 10)),
    ("五峰县五峰镇人民代表大会", Level.TOWNSHIP, "420529100", 17, date(2021, 12, 10)),
    ("五峰县采花乡人民代表大会", Level.TOWNSHIP, "420529103", 17, date(2021, 12, 10)),
    ("梁子湖区东沟镇人民代表大会", Level.TOWNSHIP, "420702101", 6, date(2021, 12, 10)),
    ("梁子湖区梁子镇人民代表大会", Level.TOWNSHIP, "420702102", 6, date(2021, 12, 10)),
    ("云梦县下辛店镇人民代表大会", Level.TOWNSHIP, "420923104", 19, date(2021, 12, 10)),
    ("云梦县城关镇人民代表大会", Level.TOWNSHIP, "420923100", 19, date(2021, 12, 10)),
    ("洪湖市峰口镇人民代表大会", Level.TOWNSHIP, "421083103", 18, date(2021, 12, 10)),
    ("利川市谋道镇人民代表大会", Level.TOWNSHIP, "422802105", 18, date(2021, 12, 10)),
]

# How many deputies each level gets in the demo (a few hundred in all).
DEPUTIES_PER_CONGRESS = {
    Level.NATIONAL: 12,
    Level.PROVINCIAL: 36,
    Level.MUNICIPAL: 12,
    Level.COUNTY: 14,
    Level.TOWNSHIP: 8,
}

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃"
)
GIVEN_CHARS = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英文华建国红梅志强玉兰春燕海燕"
    "德华晓东立新永刚家豪子轩雨桐欣怡俊杰思远爱娥正清"
)
ETHNICITIES = ["汉族"] * 17 + ["土家族", "苗族", "回族"]
PARTIES = ["中共党员"] * 7 + ["群众", "民盟盟员", "民建会员", "九三学社社员", "无党派人士"]
OCCUPATIONS = {
    Deputy.Sector.WORKER: ["{}某汽车零部件公司焊工班长", "{}电力公司运维工", "{}物流园区快递员"],
    Deputy.Sector.FARMER: ["{}茶叶专业合作社理事长", "{}村党支部书记、村委会主任", "{}柑橘种植大户"],
    Deputy.Sector.PROFESSIONAL: ["{}人民医院主任医师", "{}第一中学教师", "{}律师事务所主任"],
    Deputy.Sector.OFFICIAL: ["{}人民政府副区长", "{}街道党工委书记", "{}人大常委会副主任"],
    Deputy.Sector.BUSINESS: ["{}生态农业有限公司董事长", "{}建设集团总经理", "{}食品有限公司总经理"],
    Deputy.Sector.OTHER: ["{}社区居委会主任", "{}志愿者协会会长"],
}

# The demo accounts of DESIGN §5. Stations, units and contact points attach their staff later.
ACCOUNTS = [
    ("admin", "系统管理员"),
    ("committee", "省人大常委会代表工委"),
    ("committee_wuhan", "武汉市人大常委会代表工委"),
    ("station_staff", "江欣苑社区联络站 工作人员"),
    ("station_staff_2", "刘洞镇代表之家 工作人员"),
    ("deputy", "谢爱娥"),
    ("deputy_2", "陈志强"),
    ("unit_staff", "武汉市江汉区住房和城市更新局"),
    ("legislation_staff", "江欣苑社区基层立法联系点"),
]


@dataclass
class PeopleSeed:
    """What the later seeders build on."""

    regions: dict[str, Region] = field(default_factory=dict)
    congresses: dict[str, Congress] = field(default_factory=dict)
    terms: dict[str, Term] = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    deputies: list[Deputy] = field(default_factory=list)


def seed_regions(seed: PeopleSeed) -> None:
    for code, name, level, parent_code in REGIONS:
        seed.regions[code], _ = Region.objects.update_or_create(
            code=code, defaults={"name": name, "level": level, "parent": seed.regions.get(parent_code)}
        )


def seed_congresses(seed: PeopleSeed) -> None:
    for name, level, region_code, number, started_on in CONGRESSES:
        congress, _ = Congress.objects.update_or_create(
            name=name, defaults={"level": level, "region": seed.regions.get(region_code)}
        )
        seed.congresses[name] = congress
        seed.terms[name], _ = Term.objects.get_or_create(
            congress=congress,
            number=number,
            defaults={"started_on": started_on, "ends_on": started_on.replace(year=started_on.year + 5)},
        )


def seed_accounts(seed: PeopleSeed) -> None:
    User = get_user_model()
    for username, full_name in ACCOUNTS:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": full_name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = user.is_superuser = username == "admin"
            user.save()
        seed.users[username] = user
    CommitteeStaff.objects.get_or_create(
        user=seed.users["committee"], defaults={"region": seed.regions["420000"], "title": "代表工作委员会"}
    )
    CommitteeStaff.objects.get_or_create(
        user=seed.users["committee_wuhan"], defaults={"region": seed.regions["420100"], "title": "代表工作委员会"}
    )


def _constituency_region(rng: random.Random, seed: PeopleSeed, congress: Congress) -> Region:
    """A region directly under the congress's region (or the region itself for a township)."""
    if congress.region is None:
        return seed.regions["420000"]
    children = [r for r in seed.regions.values() if r.parent_id == congress.region_id]
    return rng.choice(children) if children else congress.region


def _new_deputy(rng: random.Random, name: str, region: Region) -> Deputy:
    sector = rng.choice(list(OCCUPATIONS))
    deputy, _ = Deputy.objects.get_or_create(
        name=name,
        birth_date=date(rng.randint(1960, 1995), rng.randint(1, 12), rng.randint(1, 28)),
        defaults={
            "gender": rng.choice(Deputy.Gender.values),
            "ethnicity": rng.choice(ETHNICITIES),
            "sector": sector,
            "occupation": rng.choice(OCCUPATIONS[sector]).format(region.name),
            "party": rng.choice(PARTIES),
            "phone": f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
        },
    )
    return deputy


def _give_mandate(deputy: Deputy, term: Term, region: Region, constituency: str) -> None:
    Mandate.objects.get_or_create(
        deputy=deputy,
        term=term,
        defaults={"constituency": constituency, "region": region, "started_on": term.started_on},
    )


def seed_deputies(seed: PeopleSeed) -> None:
    rng = random.Random(2024)
    used_names = set()
    for name, level, _code, _number, _start in CONGRESSES:
        congress, term = seed.congresses[name], seed.terms[name]
        for _ in range(DEPUTIES_PER_CONGRESS[level]):
            full_name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN_CHARS, rng.choice([1, 2])))
            while full_name in used_names:
                full_name += rng.choice(GIVEN_CHARS)
            used_names.add(full_name)
            region = _constituency_region(rng, seed, congress)
            deputy = _new_deputy(rng, full_name, region)
            _give_mandate(
                deputy, term, region, f"{region.name}选区" if region.level == "township" else f"{region.name}代表团"
            )
            # Some deputies also sit in the congress one level up (五级代表), as one person.
            if congress.region and congress.region.parent and rng.random() < 0.12:
                upper = next((c for c in seed.congresses.values() if c.region_id == congress.region.parent_id), None)
                if upper:
                    _give_mandate(deputy, seed.terms[upper.name], congress.region, f"{congress.region.name}代表团")
            seed.deputies.append(deputy)


def seed_demo_deputies(seed: PeopleSeed) -> None:
    """`deputy` is 谢爱娥, deputy of both 湖北省 and 荆州市 (one person, two mandates)."""
    xie, _ = Deputy.objects.get_or_create(
        name="谢爱娥",
        defaults={
            "gender": Deputy.Gender.FEMALE,
            "birth_date": date(1972, 3, 8),
            "sector": Deputy.Sector.FARMER,
            "occupation": "洪湖市滨湖街道洪湖村党支部书记",
            "phone": "13872345678",
            "user": seed.users["deputy"],
        },
    )
    _give_mandate(xie, seed.terms["湖北省人民代表大会"], seed.regions["421000"], "荆州市代表团")
    _give_mandate(xie, seed.terms["荆州市人民代表大会"], seed.regions["421083"], "洪湖市代表团")
    chen, _ = Deputy.objects.get_or_create(
        name="陈志强",
        defaults={
            "gender": Deputy.Gender.MALE,
            "birth_date": date(1980, 6, 18),
            "sector": Deputy.Sector.PROFESSIONAL,
            "occupation": "武汉市江汉区某社区卫生服务中心主任",
            "phone": "13907141234",
            "user": seed.users["deputy_2"],
        },
    )
    _give_mandate(chen, seed.terms["武汉市江汉区人民代表大会"], seed.regions["420103003"], "唐家墩街道第三选区")
    _give_mandate(chen, seed.terms["武汉市人民代表大会"], seed.regions["420103"], "江汉区代表团")
    seed.deputies[:0] = [xie, chen]


def _fill_group(group: DeputyGroup, members: list[Deputy]) -> None:
    for index, deputy in enumerate(members):
        role = GroupMembership.Role.LEADER if deputy == group.leader else GroupMembership.Role.MEMBER
        GroupMembership.objects.get_or_create(
            group=group, deputy=deputy, defaults={"role": role, "joined_on": date(2023, 3, 1 + index % 27)}
        )


def seed_groups(seed: PeopleSeed) -> None:
    """A mixed-level regional group per county (五级混合编组) and two provincial professional groups."""
    by_region = {}
    for mandate in Mandate.objects.select_related("region", "deputy"):
        by_region.setdefault(mandate.region.code, set()).add(mandate.deputy)
    for code, name, level, _parent in REGIONS:
        if level != "county":
            continue
        members = sorted(
            {d for region_code, ds in by_region.items() if region_code.startswith(code) for d in ds}, key=lambda d: d.pk
        )[:15]
        if not members:
            continue
        group, _ = DeputyGroup.objects.get_or_create(
            region=seed.regions[code],
            name=f"{name}五级代表混合小组",
            defaults={"kind": DeputyGroup.Kind.REGIONAL, "leader": members[0]},
        )
        _fill_group(group, members)
    provincial = list(Deputy.objects.filter(mandates__term__congress__level=Level.PROVINCIAL).order_by("pk").distinct())
    for speciality, offset in (("法制", 0), ("财经", 12)):
        members = provincial[offset : offset + 12]
        group, _ = DeputyGroup.objects.get_or_create(
            region=seed.regions["420000"],
            name=f"省人大代表{speciality}专业小组",
            defaults={"kind": DeputyGroup.Kind.PROFESSIONAL, "speciality": speciality, "leader": members[0]},
        )
        _fill_group(group, members)


def seed_people() -> PeopleSeed:
    seed = PeopleSeed()
    seed_regions(seed)
    seed_congresses(seed)
    seed_accounts(seed)
    seed_demo_deputies(seed)
    seed_deputies(seed)
    seed_groups(seed)
    return seed
