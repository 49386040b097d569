import io
from datetime import date, time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from liaison.errors import DomainError
from stations import services
from stations.models import ReceptionSchedule, Visit, VisitChange
from tests.stations.factories import RuleFactory, StationFactory

pytestmark = pytest.mark.django_db


def log(world, **overrides):
    values = {"actor": world["staff"], "station": world["stations"]["jiangxinyuan"], "content": "咨询医保报销比例"}
    return services.visit_log(**{**values, **overrides})


class TestVisitLog:
    def test_staff_log_a_visit_to_their_station_now_with_the_deputies_present(self, world):
        before = timezone.now()
        visit = log(world, deputies=[world["deputies"]["jianghan"]], visitor_phone="13812345678")
        assert visit.visited_at >= before and visit.created_by == world["staff"]
        assert list(visit.deputies.all()) == [world["deputies"]["jianghan"]]
        assert visit.visitor_phone == "13812345678"

    def test_an_anonymous_visit_needs_only_the_content(self, world):
        visit = log(world)
        assert visit.visitor_name == "" and visit.channel == Visit.Channel.IN_PERSON

    def test_staff_cannot_log_at_another_station(self, world):
        with pytest.raises(DomainError, match="本站点"):
            log(world, station=world["stations"]["binhu"])

    def test_committee_staff_do_not_log_visits(self, world):
        with pytest.raises(DomainError):
            log(world, actor=world["committee"])

    @pytest.mark.parametrize(
        ("field", "value"),
        [("content", "  "), ("channel", "pigeon"), ("visitor_phone", "call me"), ("people_count", 0)],
    )
    def test_invalid_input_is_refused_naming_the_field(self, world, field, value):
        with pytest.raises(DomainError) as refused:
            log(world, **{field: value})
        assert refused.value.field == field

    def test_a_visit_cannot_be_in_the_future(self, world):
        with pytest.raises(DomainError, match="晚于现在"):
            log(world, visited_at=timezone.now() + timedelta(hours=2))

    def test_unknown_deputies_are_refused(self, world):
        with pytest.raises(DomainError, match="代表"):
            log(world, deputies=[999999])


class TestVisitUpdate:
    def test_a_correction_is_recorded_with_who_when_and_what_with_the_phone_masked(self, world):
        visit = world["visits"]["jiangxinyuan"]
        services.visit_update(visit_id=visit.pk, actor=world["staff"], visitor_phone="13900001111", outcome="referred")
        visit.refresh_from_db()
        assert visit.visitor_phone == "13900001111" and visit.outcome == "referred"
        change = VisitChange.objects.get(visit=visit)
        assert change.changed_by == world["staff"]
        assert change.changes == {
            "visitor_phone": ["138****1234", "139****1111"],
            "outcome": ["answered", "referred"],
        }

    def test_changing_the_deputies_is_recorded_by_name(self, world):
        visit = world["visits"]["jiangxinyuan"]
        services.visit_update(visit_id=visit.pk, actor=world["staff"], deputies=[world["deputies"]["honghu"]])
        assert VisitChange.objects.get(visit=visit).changes == {"deputies": [["陈志强"], ["刘洪"]]}

    def test_saving_the_same_values_records_nothing(self, world):
        visit = world["visits"]["jiangxinyuan"]
        services.visit_update(visit_id=visit.pk, actor=world["staff"], content=visit.content)
        assert not VisitChange.objects.exists()

    def test_a_visit_logged_yesterday_cannot_be_corrected(self, world):
        visit = world["visits"]["jiangxinyuan"]
        Visit.objects.filter(pk=visit.pk).update(created_at=timezone.now() - timedelta(days=1))
        with pytest.raises(DomainError, match="当天") as refused:
            services.visit_update(visit_id=visit.pk, actor=world["staff"], content="改")
        assert refused.value.conflict

    def test_staff_of_another_station_cannot_correct_it(self, world):
        with pytest.raises(DomainError):
            services.visit_update(visit_id=world["visits"]["jiangxinyuan"].pk, actor=world["staff_2"], content="改")

    def test_the_station_of_a_visit_is_not_editable(self, world):
        with pytest.raises(DomainError, match="不能修改"):
            services.visit_update(
                visit_id=world["visits"]["jiangxinyuan"].pk, actor=world["staff"], station=world["stations"]["binhu"]
            )


class TestPhotos:
    def test_a_photo_of_an_allowed_type_and_size_is_attached_and_logged(self, world):
        visit = world["visits"]["jiangxinyuan"]
        buffer = io.BytesIO()
        Image.new("RGB", (8, 8), "red").save(buffer, format="JPEG")
        image = SimpleUploadedFile("desk.jpg", buffer.getvalue(), content_type="image/jpeg")
        services.visit_photo_add(visit_id=visit.pk, image=image, actor=world["staff"])
        assert visit.photos.count() == 1
        assert "photos" in VisitChange.objects.get(visit=visit).changes

    @pytest.mark.parametrize(
        ("name", "size", "message"), [("virus.exe", 100, "格式"), ("huge.png", 6 * 1024 * 1024, "5 MB")]
    )
    def test_wrong_type_or_too_large_is_refused(self, world, name, size, message):
        image = SimpleUploadedFile(name, b"0" * size)
        with pytest.raises(DomainError, match=message):
            services.visit_photo_add(visit_id=world["visits"]["jiangxinyuan"].pk, image=image, actor=world["staff"])


class TestStations:
    def test_committee_staff_rate_a_station_in_their_region(self, world):
        station = services.station_rate(
            station_id=world["stations"]["jiangxinyuan"].pk, stars=4, actor=world["committee_wuhan"]
        )
        assert (station.stars, station.rated_by) == (4, world["committee_wuhan"])
        assert station.rated_at is not None

    def test_not_outside_their_region(self, world):
        with pytest.raises(DomainError, match="本区划"):
            services.station_rate(station_id=world["stations"]["binhu"].pk, stars=4, actor=world["committee_wuhan"])

    def test_stars_are_one_to_five(self, world):
        with pytest.raises(DomainError, match="1 至 5"):
            services.station_rate(station_id=world["stations"]["binhu"].pk, stars=6, actor=world["admin"])

    def test_a_deputy_is_not_assigned_twice_to_the_same_station(self, world):
        with pytest.raises(DomainError, match="已在本站点"):
            services.deputy_assign(
                station_id=world["stations"]["jiangxinyuan"].pk,
                deputy_id=world["deputies"]["jianghan"].pk,
                role="member",
                started_on=date(2024, 1, 1),
                actor=world["committee"],
            )

    def test_a_station_with_visits_is_not_deleted(self, world):
        with pytest.raises(DomainError, match="来访记录"):
            services.station_delete(station_id=world["stations"]["binhu"].pk, actor=world["admin"])


class TestSchedules:
    def test_the_15th_of_every_month_rule_gives_one_day_a_month_and_is_idempotent(self, world):
        rule = RuleFactory(station=StationFactory(region=world["regions"]["honghu"]))
        rule.deputies.set([world["deputies"]["honghu"]])
        assert services.schedule_generate_from_rules(start=date(2024, 9, 1), end=date(2024, 11, 30)) == 3
        assert services.schedule_generate_from_rules(start=date(2024, 9, 1), end=date(2024, 11, 30)) == 0
        days = ReceptionSchedule.objects.filter(rule=rule)
        assert [s.date for s in days] == [date(2024, 9, 15), date(2024, 10, 15), date(2024, 11, 15)]
        assert [d.name for d in days[0].deputies.all()] == ["刘洪"]
        assert days[0].theme == "代表与法官联合接待日"

    def test_a_weekly_rule_falls_on_its_weekday(self, world):
        rule = RuleFactory(frequency="weekly", day=3, active_from=date(2024, 9, 1))  # Wednesdays
        services.schedule_generate_from_rules(start=date(2024, 9, 1), end=date(2024, 9, 30))
        assert [s.date.day for s in rule.schedules.all()] == [4, 11, 18, 25]

    def test_schedule_times_must_make_sense(self, world):
        with pytest.raises(DomainError, match="结束时间"):
            services.schedule_create(
                station=world["stations"]["jiangxinyuan"],
                date=date(2024, 9, 5),
                starts_at=time(11),
                ends_at=time(9),
                actor=world["staff"],
            )
