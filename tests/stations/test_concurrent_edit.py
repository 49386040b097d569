"""Two staff members correct the same visit at the same moment, through the page: no lost update."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from stations.models import Visit, VisitChange
from tests.liaison.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True)]


def form_as_shown(visit: Visit) -> dict:
    """The edit form as the page shows it: each field with the hidden copy of the value it was shown with."""
    values = {
        "visited_at": timezone.localtime(visit.visited_at).strftime("%Y-%m-%dT%H:%M"),
        "channel": visit.channel,
        "deputies": [d.pk for d in visit.deputies.all()],
        "visitor_name": visit.visitor_name,
        "visitor_phone": visit.visitor_phone,
        "people_count": visit.people_count,
        "category": visit.category_id or "",
        "content": visit.content,
        "outcome": visit.outcome,
        "outcome_note": visit.outcome_note,
    }
    return {**values, **{f"initial-{name}": value for name, value in values.items()}}


def test_two_staff_saving_the_same_visit_keep_both_changes(postgres_only, world):
    visit = world["visits"]["jiangxinyuan"]
    colleague = UserFactory(username="station_staff_b")
    visit.station.staff.add(colleague)
    shown = form_as_shown(visit)  # both opened the page before either saved
    edits = {
        world["staff"]: {**shown, "content": "群众反映：小区电梯故障频发"},
        colleague: {**shown, "people_count": 3},
    }
    start = threading.Barrier(2)
    statuses = []

    def save(user, data):
        client = Client()
        client.force_login(user)
        try:
            start.wait()
            statuses.append(client.post(f"/visits/{visit.pk}/edit/", data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=item) for item in edits.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302, 302]
    visit.refresh_from_db()
    assert visit.content == "群众反映：小区电梯故障频发" and visit.people_count == 3, "neither change was lost"
    assert VisitChange.objects.filter(visit=visit).count() == 2
