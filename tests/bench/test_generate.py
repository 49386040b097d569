"""The generator at a tiny scale: its rows load into the test database and agree with each other.

Cheap enough for every CI run; the benchmarks themselves run only with `make bench`.
"""

from datetime import date

import pytest
from django.db import connection

from bench.generate import COLUMNS, load, tracking_code
from bench.scales import SCALES
from suggestions.models import Judgement, Reply, Status, Suggestion, SuggestionEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(postgres_only):
    with connection.cursor() as cursor:
        load(cursor.cursor, SCALES["tiny"], seed=1, today=date(2026, 6, 15), quiet=True)


def test_every_table_is_filled(loaded):
    with connection.cursor() as cursor:
        for table in COLUMNS:
            cursor.execute(f"SELECT count(*) FROM {table}")
            assert cursor.fetchone()[0] > 0, table


def test_statuses_are_valid_and_varied(loaded):
    statuses = set(Suggestion.objects.values_list("status", flat=True))
    assert statuses <= set(Status.values)
    assert {Status.SUBMITTED, Status.HANDLING, Status.CLOSED} <= statuses


def test_reply_figures_agree_with_the_replies(loaded):
    replied = Suggestion.objects.filter(replied_at__isnull=False)
    assert replied.count() == Reply.objects.count()
    for suggestion in replied.prefetch_related("replies"):
        (reply,) = suggestion.replies.all()
        assert (suggestion.result, suggestion.replied_on_time, suggestion.face_to_face) == (
            reply.result,
            reply.on_time,
            reply.face_to_face,
        )
        assert suggestion.replied_at == reply.replied_at
        assert suggestion.lead_unit_id == reply.unit_id
    assert not Suggestion.objects.filter(replied_at__isnull=True).exclude(result="").exists()


def test_states_follow_the_timeline(loaded):
    assert not Suggestion.objects.filter(status=Status.CLOSED, closed_at__isnull=True).exists()
    assert not Suggestion.objects.filter(status__in=[Status.REPLIED, Status.CLOSED], replied_at__isnull=True).exists()
    assert not Suggestion.objects.filter(status=Status.ASSIGNED, lead_unit__isnull=True).exists()
    judged = Judgement.objects.values_list("reply__suggestion_id", "satisfaction")
    for suggestion_id, satisfaction in judged:
        assert Suggestion.objects.get(pk=suggestion_id).satisfaction == satisfaction
    # the last event of each suggestion leaves it in its status
    for suggestion in Suggestion.objects.all()[:200]:
        moves = SuggestionEvent.objects.filter(suggestion=suggestion).exclude(to_status="").order_by("created_at", "id")
        assert moves.last().to_status == suggestion.status


def test_tracking_codes_are_unique_and_in_the_portal_alphabet():
    codes = {tracking_code(n) for n in range(1, 5000)}
    assert len(codes) == 4999
    assert all(len(code) == 10 and not set(code) & set("01IO") for code in codes)
