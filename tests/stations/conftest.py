"""Two stations in two districts with their staff and deputies, on top of the people of `hubei`."""

import pytest

from tests.liaison.factories import UserFactory, region
from tests.stations.factories import StationDeputyFactory, StationFactory, VisitFactory


@pytest.fixture
def world(hubei):
    """江欣苑 (江汉区, 武汉) with `station_staff` and 陈志强; 滨湖村 (洪湖市, 荆州) with
    `station_staff_2` and 谢爱娥; one visit at each, with a visitor's name and phone."""
    tangjiadun = region("420103003", "唐家墩街道", "township", hubei["regions"]["jianghan"])
    binhu = region("421083002", "滨湖街道", "township", hubei["regions"]["honghu"])
    region("421083103", "峰口镇", "township", hubei["regions"]["honghu"])
    jiangxinyuan = StationFactory(name="江欣苑社区人大代表联络站", region=tangjiadun)
    binhu_point = StationFactory(name="滨湖村人大代表联系点", region=binhu, kind="point")
    staff = UserFactory(username="station_staff")
    staff_2 = UserFactory(username="station_staff_2")
    jiangxinyuan.staff.add(staff)
    binhu_point.staff.add(staff_2)
    chen, xie = hubei["deputies"]["jianghan"], hubei["deputies"]["xie"]
    StationDeputyFactory(station=jiangxinyuan, deputy=chen, role="liaison")
    StationDeputyFactory(station=binhu_point, deputy=xie, role="head")
    return {
        **hubei,
        "stations": {"jiangxinyuan": jiangxinyuan, "binhu": binhu_point},
        "staff": staff,
        "staff_2": staff_2,
        "visits": {
            "jiangxinyuan": VisitFactory(
                station=jiangxinyuan, visitor_name="张三丰", visitor_phone="13812341234", deputies=[chen]
            ),
            "binhu": VisitFactory(
                station=binhu_point,
                visitor_name="李四光",
                visitor_phone="13987654321",
                content="湖区养殖尾水直排",
                deputies=[xie],
            ),
        },
        "no_role": UserFactory(username="nobody"),
    }
