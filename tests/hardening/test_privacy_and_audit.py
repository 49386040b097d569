"""Personal data: masked in logs, exports and admin lists for those without the right; every
unmasked view recorded; and an audit trail of changes to suggestions, visits and deputies."""

import logging

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from liaison.logging import MaskPersonalData, mask_text
from liaison.models import Deputy, PersonalDataAccess
from stations.models import Visit
from tests.liaison.factories import UserFactory
from tests.stations.factories import StationFactory, VisitFactory

PHONE = "13812341234"


@pytest.fixture
def desk(hubei):
    """A station with its staff member and a visit with a visitor's name and phone."""
    station = StationFactory(region=hubei["regions"]["jianghan"])
    staff = UserFactory(username="desk_staff")
    station.staff.add(staff)
    visit = VisitFactory(station=station, visitor_name="张三丰", visitor_phone=PHONE)
    return {**hubei, "station": station, "staff": staff, "visit": visit}


# --- logs ------------------------------------------------------------------------------------------


def test_phones_and_id_numbers_are_masked_in_every_log_line(settings):
    # Every log line goes out through the console handler, which carries the masking filter.
    assert settings.LOGGING["root"]["handlers"] == ["console"]
    assert "mask_personal_data" in settings.LOGGING["handlers"]["console"]["filters"]
    assert settings.LOGGING["filters"]["mask_personal_data"]["()"] == "liaison.logging.MaskPersonalData"
    record = logging.LogRecord(
        "x", logging.WARNING, __file__, 1, "visitor %s id %s", (PHONE, "420103199001011234"), None
    )
    assert MaskPersonalData().filter(record)
    line = logging.Formatter("%(levelname)s %(message)s").format(record)
    assert PHONE not in line and "138****1234" in line
    assert "420103199001011234" not in line and "420103********1234" in line


def test_masking_leaves_other_numbers_alone():
    assert mask_text("建议 12 号，查询码 ABC123，金额 1234567") == "建议 12 号，查询码 ABC123，金额 1234567"


# --- exports and admin lists -----------------------------------------------------------------------


@pytest.mark.django_db
def test_export_and_admin_list_mask_the_phone_for_committee_and_show_it_to_the_station(desk, api_as, client):
    committee_csv = api_as(desk["committee"]).get("/api/v1/visits/export/?file=csv").content.decode("utf-8-sig")
    assert PHONE not in committee_csv and "138****1234" in committee_csv
    staff_csv = api_as(desk["staff"]).get("/api/v1/visits/export/?file=csv").content.decode("utf-8-sig")
    assert PHONE in staff_csv
    client.force_login(desk["admin"])
    assert PHONE not in client.get("/admin/stations/visit/").content.decode()


# --- every unmasked view recorded ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/visits/", "/visits/today/", "/api/v1/visits/", "/api/v1/visits/export/?file=csv"])
def test_station_staff_seeing_full_phones_is_recorded(desk, client, path):
    client.force_login(desk["staff"])
    assert client.get(path).status_code == 200
    record = PersonalDataAccess.objects.get()
    assert record.user == desk["staff"] and record.subject == "visit" and desk["visit"].pk in record.object_ids
    assert record.path.startswith(path.split("?")[0])


@pytest.mark.django_db
def test_masked_views_record_nothing(desk, client):
    client.force_login(desk["committee"])
    page = client.get("/visits/").content.decode()
    assert PHONE not in page
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.django_db
def test_admin_opening_a_deputy_is_recorded_and_listed(desk, client):
    deputy = desk["deputies"]["xie"]
    client.force_login(desk["admin"])
    assert client.get(f"/admin/liaison/deputy/{deputy.pk}/change/").status_code == 200
    record = PersonalDataAccess.objects.get(subject="deputy")
    assert record.object_ids == [deputy.pk] and record.username == "admin"
    listing = client.get("/admin/liaison/personaldataaccess/").content.decode()
    assert "admin" in listing and "deputy" in listing


# --- audit trail ----------------------------------------------------------------------------------


def entries(model, pk):
    return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), object_pk=str(pk))


@pytest.mark.django_db
def test_a_visit_correction_is_in_the_audit_trail_with_who_and_the_phone_masked(desk, api_as):
    visit = desk["visit"]
    response = api_as(desk["staff"]).patch(
        f"/api/v1/visits/{visit.pk}/", {"people_count": 4, "visitor_phone": "13900009999"}, format="json"
    )
    assert response.status_code == 200
    entry = entries(Visit, visit.pk).latest("timestamp")
    assert entry.actor == desk["staff"]
    assert entry.changes_dict["people_count"][1] == "4"
    assert "13900009999" not in str(entry.changes) and PHONE not in str(entry.changes)


@pytest.mark.django_db
def test_turning_a_visit_into_a_suggestion_is_audited_on_both(desk, api_as, django_capture_on_commit_callbacks):
    visit = desk["visit"]
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(desk["staff"]).post(f"/api/v1/visits/{visit.pk}/to-suggestion/", {}, format="json")
    assert response.status_code == 201
    # The outcome used to change through queryset.update(), which no audit trail sees.
    outcome = [e for e in entries(Visit, visit.pk) if "outcome" in e.changes_dict]
    assert outcome and outcome[0].changes_dict["outcome"][1] == "to_suggestion" and outcome[0].actor == desk["staff"]
    from suggestions.models import Suggestion

    suggestion = Suggestion.objects.get(source_visit=visit)
    created = entries(Suggestion, suggestion.pk).filter(action=LogEntry.Action.CREATE).get()
    assert created.actor == desk["staff"] and PHONE not in str(created.changes)


@pytest.mark.django_db
def test_a_deputy_edit_is_audited(desk, api_as):
    deputy = desk["deputies"]["xie"]
    assert (
        api_as(desk["committee"]).patch(f"/api/v1/deputies/{deputy.pk}/", {"occupation": "村主任"}).status_code == 200
    )
    entry = entries(Deputy, deputy.pk).latest("timestamp")
    assert entry.actor == desk["committee"] and entry.changes_dict["occupation"][1] == "村主任"
