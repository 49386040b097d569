"""The generator at a tiny scale: its rows load into the test database and agree with each other.

Cheap enough for every CI run; the benchmarks themselves run only with `make bench`.
"""

import random
from datetime import date, datetime, timedelta

import pytest
from django.db import connection

from bench.copy import copy_rows, drop_indexes_and_keys
from bench.generate import COLUMNS, DAY, VISIT_COLUMNS, YEAR_DAYS, load, make_world, tracking_code, visit_lines
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


def visit_world():
    world = make_world(SCALES["tiny"], today=date(2026, 6, 15))
    world.stations = [(1, 10), (2, 11), (3, 12)]
    world.leaf_categories = [(5, 0, 1, "道路维修"), (6, 0, 1, "停车管理")]
    return world


def test_visits_are_the_same_for_a_seed_and_plausible():
    world = visit_world()
    text = "".join(visit_lines(world, random.Random(3), 20_000))
    assert text == "".join(visit_lines(world, random.Random(3), 20_000))
    rows = [dict(zip(VISIT_COLUMNS, line.split("\t"), strict=True)) for line in text.splitlines()]
    assert [int(row["id"]) for row in rows] == list(range(1, 20_001))
    year_start = world.origin + timedelta(seconds=world.now - YEAR_DAYS * DAY)
    now = world.origin + timedelta(seconds=world.now)
    assert all(year_start <= datetime.fromisoformat(row["visited_at"]) < now for row in rows)
    assert all(row["visited_at"] == row["created_at"] == row["updated_at"] for row in rows)
    assert {row["station_id"] for row in rows} == {"1", "2", "3"}
    assert all(len(row["visitor_phone"]) == 11 and row["visitor_phone"][:2] in ("13", "15", "18", "19") for row in rows)
    assert {len(row["visitor_name"]) for row in rows} == {2, 3}

    def share(test):
        return sum(1 for row in rows if test(row)) / len(rows)

    assert share(lambda row: row["category_id"] != r"\N") == pytest.approx(0.6, abs=0.02)
    assert share(lambda row: row["people_count"] == "1") == pytest.approx(0.9, abs=0.02)
    assert share(lambda row: row["channel"] == "in_person") == pytest.approx(0.6, abs=0.02)
    assert share(lambda row: len(row["visitor_name"]) == 3) == pytest.approx(0.7, abs=0.02)


def schema(cursor, tables: tuple[str, ...]) -> list[tuple]:
    cursor.execute(
        """
        SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
        WHERE conrelid::regclass::text = ANY(%(tables)s)
        UNION ALL SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%(tables)s)
        ORDER BY 1, 2, 3
        """,
        {"tables": list(tables)},
    )
    return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_indexes_and_keys_come_back_after_a_load(postgres_only):
    """Outside a transaction the indexes are built on two sessions and the keys take theirs over."""
    tables = ("bench_test_visit", "bench_test_photo")
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor
        cursor.execute("CREATE TABLE bench_test_visit (LIKE stations_visit INCLUDING ALL)")
        cursor.execute(
            "CREATE TABLE bench_test_photo (id int PRIMARY KEY, visit_id bigint UNIQUE REFERENCES bench_test_visit)"
        )
        try:
            before = schema(cursor, tables)
            rebuild = drop_indexes_and_keys(cursor, "bench_test_visit")
            assert [row[1] for row in schema(cursor, tables)] == [
                "bench_test_photo_pkey",
                "bench_test_photo_pkey",
                "bench_test_photo_visit_id_key",
                "bench_test_photo_visit_id_key",
                "stations_visit_people_count_check",
            ]
            copy_rows(cursor, "bench_test_visit", VISIT_COLUMNS, visit_lines(visit_world(), random.Random(1), 1000))
            rebuild.run(cursor)
            assert schema(cursor, tables) == before
        finally:
            cursor.execute("DROP TABLE bench_test_photo, bench_test_visit")
