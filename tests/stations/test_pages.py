import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from stations.models import Visit, VisitChange
from tests.liaison.factories import DeputyFactory
from tests.stations.factories import ScheduleFactory, StationDeputyFactory, StationFactory, VisitFactory

pytestmark = pytest.mark.django_db

DAY = reverse("stations:day")
VISITS = reverse("stations:visit-list")


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response.content.decode()


def png(name="photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class TestStationDay:
    def test_the_form_has_now_and_todays_deputies_on_duty_preselected(self, client, world):
        station = world["stations"]["jiangxinyuan"]
        on_duty = DeputyFactory(name="值班代表甲")
        StationDeputyFactory(station=station, deputy=DeputyFactory(name="未值班代表"))
        ScheduleFactory(station=station, deputies=[on_duty])
        client.force_login(world["staff"])
        response = client.get(DAY)
        form = response.context["form"]
        assert form["deputies"].value() == [on_duty.pk]
        assert abs(form["visited_at"].value() - timezone.localtime().replace(tzinfo=None)) < timedelta(minutes=2)
        assert {d.name for d in form.fields["deputies"].queryset} == {"陈志强", "值班代表甲", "未值班代表"}

    def test_one_post_logs_the_visit_then_the_days_list_shows_it(self, client, world):
        client.force_login(world["staff"])
        chen, other = world["deputies"]["jianghan"], DeputyFactory(name="王代表")
        StationDeputyFactory(station=world["stations"]["jiangxinyuan"], deputy=other)
        data = {
            "visited_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "channel": "in_person",
            "deputies": [chen.pk, other.pk],
            "visitor_name": "赵六",
            "visitor_phone": "13600001111",
            "people_count": 2,
            "content": "希望增加社区食堂",
            "outcome": "to_suggestion",
            "photo": png(),
        }
        response = client.post(DAY, data, follow=True)
        visit = Visit.objects.get(content="希望增加社区食堂")
        assert {d.name for d in visit.deputies.all()} == {"陈志强", "王代表"}
        assert visit.photos.count() == 1
        html = response.content.decode()
        assert "来访已登记" in html and "希望增加社区食堂" in html and "13600001111" in html

    def test_a_photo_that_is_not_an_image_is_a_form_error(self, client, world):
        client.force_login(world["staff"])
        data = {
            "visited_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "channel": "in_person",
            "people_count": 1,
            "content": "x",
            "outcome": "answered",
            "photo": SimpleUploadedFile("notes.txt", b"hello"),
        }
        response = client.post(DAY, data)
        assert response.status_code == 200 and response.context["form"].errors["photo"]
        assert not Visit.objects.filter(content="x").exists()

    def test_only_station_staff_have_a_day_page(self, client, world):
        client.force_login(world["committee"])
        assert client.get(DAY).status_code == 403

    def test_the_day_page_uses_a_fixed_number_of_queries(self, client, world, django_assert_max_num_queries):
        client.force_login(world["staff"])
        client.get(DAY)
        deputies = [DeputyFactory() for _ in range(3)]
        for _ in range(25):
            VisitFactory(station=world["stations"]["jiangxinyuan"], deputies=deputies)
        with django_assert_max_num_queries(17):  # 16 + the personal-data access record
            assert client.get(DAY).status_code == 200


class TestVisitEdit:
    def edit_url(self, world):
        return reverse("stations:visit-edit", args=[world["visits"]["jiangxinyuan"].pk])

    def form_data(self, response):
        """What the browser would send back: every field, visible and hidden initial, as rendered."""
        form = response.context["form"]
        data = {}
        for field in form:
            value = field.value()
            data[field.html_name] = value if value is not None else ""
            data[field.html_initial_name] = value if value is not None else ""
        data["visited_at"] = data[form["visited_at"].html_initial_name] = (
            form["visited_at"].value().strftime("%Y-%m-%dT%H:%M")
        )
        return data

    def test_two_staff_correcting_different_fields_keep_each_others_changes(self, client, world):
        colleague = world["staff"].__class__.objects.create(username="colleague")
        world["stations"]["jiangxinyuan"].staff.add(colleague)
        client.force_login(world["staff"])
        first = self.form_data(client.get(self.edit_url(world)))
        client.force_login(colleague)
        second = self.form_data(client.get(self.edit_url(world)))
        first["content"] = "更正后的内容"
        second["outcome"] = "referred"
        client.force_login(world["staff"])
        assert client.post(self.edit_url(world), first).status_code == 302
        client.force_login(colleague)
        assert client.post(self.edit_url(world), second).status_code == 302
        visit = Visit.objects.get(pk=world["visits"]["jiangxinyuan"].pk)
        assert (visit.content, visit.outcome) == ("更正后的内容", "referred")
        assert [list(c.changes) for c in VisitChange.objects.order_by("pk")] == [["content"], ["outcome"]]

    def test_the_history_shows_who_changed_what_with_phones_masked(self, client, world):
        client.force_login(world["staff"])
        data = self.form_data(client.get(self.edit_url(world)))
        data["visitor_phone"] = "13911112222"
        client.post(self.edit_url(world), data)
        html = page(client, self.edit_url(world))
        assert "138****1234" in html and "139****2222" in html

    def test_a_visit_of_an_earlier_day_is_shown_read_only(self, client, world):
        Visit.objects.filter(pk=world["visits"]["jiangxinyuan"].pk).update(
            created_at=timezone.now() - timedelta(days=1)
        )
        client.force_login(world["staff"])
        html = page(client, self.edit_url(world))
        assert "只能在登记当天修改" in html and "保存修改" not in html

    def test_photo_upload_checks_size_and_type(self, client, world):
        client.force_login(world["staff"])
        response = client.post(self.edit_url(world), {"image": SimpleUploadedFile("a.gif", b"GIF89a")})
        assert response.context["photo_form"].errors
        response = client.post(self.edit_url(world), {"image": png()})
        assert response.status_code == 302 and world["visits"]["jiangxinyuan"].photos.count() == 1

    def test_staff_of_another_station_cannot_open_it(self, client, world):
        client.force_login(world["staff_2"])
        assert client.get(self.edit_url(world)).status_code == 404


class TestVisitList:
    def test_the_stations_own_staff_see_names_and_phones(self, client, world):
        client.force_login(world["staff"])
        html = page(client, VISITS)
        assert "张三丰" in html and "13812341234" in html and "李四光" not in html

    def test_committee_staff_see_them_masked(self, client, world):
        client.force_login(world["committee"])
        html = page(client, VISITS)
        assert "138****1234" in html and "张**" in html
        assert "13812341234" not in html and "张三丰" not in html and "13987654321" not in html

    def test_filters_apply_and_export_links_carry_them(self, client, world):
        client.force_login(world["committee"])
        html = page(client, VISITS + "?search=养殖")
        assert "湖区养殖尾水直排" in html and "小区加装电梯" not in html
        assert "/api/v1/visits/export/?search=%E5%85%BB%E6%AE%96&file=csv" in html

    def test_the_list_page_uses_a_fixed_number_of_queries(self, client, world, django_assert_max_num_queries):
        client.force_login(world["committee"])
        client.get(VISITS)
        deputies = [DeputyFactory() for _ in range(3)]
        for _ in range(40):
            VisitFactory(station=world["stations"]["binhu"], deputies=deputies)
        with django_assert_max_num_queries(14):
            assert client.get(VISITS).status_code == 200


class TestCoverage:
    def test_committee_sees_uncovered_deputies_stations_and_townships_in_its_region(self, client, world):
        StationFactory(name="空站", region=world["stations"]["binhu"].region)
        client.force_login(world["committee"])
        coverage = client.get(reverse("stations:coverage")).context["coverage"]
        assert [d.name for d in coverage.deputies_without_station] == ["刘洪"]
        assert [s.name for s in coverage.stations_without_deputy] == ["空站"]
        assert [r.name for r in coverage.townships_without_station] == ["峰口镇"]

    def test_wuhan_committee_sees_only_wuhan(self, client, world):
        client.force_login(world["committee_wuhan"])
        coverage = client.get(reverse("stations:coverage")).context["coverage"]
        assert coverage.deputies_without_station == [] and coverage.townships_without_station == []

    def test_an_ended_assignment_no_longer_covers(self, client, world):
        world["deputies"]["xie"].station_assignments.update(ended_on=timezone.localdate() - timedelta(days=1))
        client.force_login(world["committee"])
        coverage = client.get(reverse("stations:coverage")).context["coverage"]
        assert "谢爱娥" in [d.name for d in coverage.deputies_without_station]
        assert "滨湖村人大代表联系点" in [s.name for s in coverage.stations_without_deputy]

    def test_station_staff_may_not_see_it(self, client, world):
        client.force_login(world["staff"])
        assert client.get(reverse("stations:coverage")).status_code == 403


PERSONAL = ["13812341234", "138****1234", "张三丰", "13987654321", "李四光", "13872345678"]


class TestPublicPages:
    def test_the_finder_searches_by_region_and_name_without_login(self, client, world):
        html = page(client, reverse("stations:public-station-list") + "?region=421000")
        assert "滨湖村人大代表联系点" in html and "江欣苑" not in html
        html = page(client, reverse("stations:public-station-list") + "?search=江欣苑")
        assert "江欣苑社区人大代表联络站" in html and "滨湖村" not in html

    def test_a_station_page_shows_address_hours_deputies_and_coming_reception_days(self, client, world):
        station = world["stations"]["jiangxinyuan"]
        ScheduleFactory(station=station, date=timezone.localdate() + timedelta(days=3), theme="加装电梯专题接待")
        html = page(client, reverse("stations:public-station", args=[station.pk]))
        assert station.address in html and station.opening_hours in html
        assert "陈志强" in html and "加装电梯专题接待" in html
        assert reverse("stations:public-deputy", args=[world["deputies"]["jianghan"].public_id]) in html
        assert not [word for word in PERSONAL if word in html]

    def test_the_deputy_page_has_levels_stations_duty_days_and_a_qr_code_but_no_personal_data(self, client, world):
        xie = world["deputies"]["xie"]
        ScheduleFactory(station=world["stations"]["binhu"], deputies=[xie], date=timezone.localdate())
        url = reverse("stations:public-deputy", args=[xie.public_id])
        html = page(client, url)
        assert "谢爱娥" in html and "滨湖村人大代表联系点" in html and "省级" in html and "设区的市级" in html
        assert "<svg" in html
        assert not [word for word in PERSONAL if word in html]
        assert str(xie.birth_date) not in html

    def test_the_qr_code_encodes_the_pages_address(self, client, world):
        xie = world["deputies"]["xie"]
        response = client.get(reverse("stations:public-deputy", args=[xie.public_id]))
        assert response.context["page_url"] == f"http://testserver/public/deputies/{xie.public_id}/"

    def test_an_unknown_station_or_deputy_is_a_404(self, client, world):
        assert client.get(reverse("stations:public-station", args=[999999])).status_code == 404
        url = reverse("stations:public-deputy", args=["00000000-0000-0000-0000-000000000000"])
        assert client.get(url).status_code == 404

    def test_the_public_finder_uses_a_fixed_number_of_queries(self, client, world, django_assert_max_num_queries):
        for _ in range(30):
            StationFactory(region=world["stations"]["binhu"].region)
        with django_assert_max_num_queries(6):
            assert client.get(reverse("stations:public-station-list")).status_code == 200


class TestAdmin:
    @pytest.mark.parametrize(
        "model",
        [
            "platform",
            "station",
            "stationstandard",
            "stationdeputy",
            "receptionrule",
            "receptionschedule",
            "visit",
            "visitphoto",
            "visitchange",
        ],
    )
    def test_every_model_has_a_searchable_admin(self, client, world, model):
        client.force_login(world["admin"])
        assert client.get(reverse(f"admin:stations_{model}_changelist") + "?q=江").status_code == 200

    def test_the_visit_list_masks_the_phone(self, client, world):
        client.force_login(world["admin"])
        html = page(client, reverse("admin:stations_visit_changelist"))
        assert "138****1234" in html and "13812341234" not in html


class TestNavigation:
    def test_station_staff_home_links_to_their_day(self, client, world):
        client.force_login(world["staff"])
        assert DAY in page(client, reverse("home"))

    def test_anonymous_visitors_can_find_a_station(self, client, world):
        assert reverse("stations:public-station-list") in page(client, reverse("login"))
