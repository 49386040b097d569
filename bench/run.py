"""Run the six benchmarks of issue 6; each prints one line, ours and the limit measured side by side:

    <name>: ours=<x> limit=<y> ratio=<r> goal=<g> ok|MISS

    python -m bench.run [--scale quick|province] [--regenerate] [--only NAME ...] [--rows N]

The data set is generated first when its database does not exist yet (or with --regenerate).
"""

import argparse
import io
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path

from bench.scales import SCALES

ROOT = Path(__file__).resolve().parent.parent
BROKER = "redis://127.0.0.1:6379/8"  # the bench's own Redis database
PASSWORD = "bench-pass-2026"


def bench_env(scale) -> dict:
    """The environment of every process of a run: the bench database, Redis db 8, production-like
    Django (no DEBUG query log, JSON renderer only) but plain HTTP on loopback."""
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{scale.database}",
        "CELERY_BROKER_URL": BROKER,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
    }


def line(name: str, ours: float, limit: float, goal: str, unit: str) -> str:
    """One result line. `goal` is "<=1.5" (ours/limit, lower is better) or ">=0.5"."""
    ratio = ours / limit if limit else float("inf")
    bound = float(goal[2:])
    ok = ratio <= bound if goal.startswith("<=") else ratio >= bound
    text = (
        f"{name}: ours={ours:.1f}{unit} limit={limit:.1f}{unit} ratio={ratio:.2f} goal={goal} {'ok' if ok else 'MISS'}"
    )
    print(text, flush=True)
    return text


def medians_side_by_side(ours, limit, rounds: int) -> tuple[float, float]:
    """The median of what each measurement returns over `rounds` runs taken alternately, so that other
    load on the machine hits both."""
    results = ([], [])
    for _ in range(rounds):
        for measure, values in zip((ours, limit), results, strict=True):
            values.append(measure())
    return statistics.median(results[0]), statistics.median(results[1])


def milliseconds(function):
    """A measurement of how long `function()` takes, in ms."""

    def measure() -> float:
        started = time.perf_counter()
        function()
        return (time.perf_counter() - started) * 1000

    return measure


# --- fixtures of the run --------------------------------------------------------------------------


def bench_users():
    """An admin, a province committee member and the staff of station 1, each with a token."""
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from liaison.models import CommitteeStaff, Region
    from stations.models import Station

    User = get_user_model()
    admin, _ = User.objects.get_or_create(username="bench_admin", defaults={"is_superuser": True, "is_staff": True})
    committee, _ = User.objects.get_or_create(username="bench_committee")
    CommitteeStaff.objects.get_or_create(user=committee, defaults={"region": Region.objects.get(code="420000")})
    staff, _ = User.objects.get_or_create(username="bench_station")
    Station.objects.get(pk=1).staff.add(staff)
    tokens = {}
    for user in (admin, committee, staff):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        tokens[user.username] = Token.objects.get_or_create(user=user)[0].key
    return tokens


def period():
    """The twelve months ending today, as the dashboard asks for them."""
    from django.utils import timezone

    end = timezone.localdate()
    return end - timedelta(days=365), end


# --- 1 and 2: dashboard figures -------------------------------------------------------------------


def bench_figures(name: str, group_by: str, sql: str, repeat: int):
    from django.db import connection
    from django.utils import timezone

    from liaison.scoping import Scope
    from suggestions.selectors import COUNT_FIELDS, handling_rates

    start, end = period()
    admin = Scope(roles=("admin",))
    tz = timezone.get_current_timezone()
    params = {
        "start": datetime.combine(start, clock.min, tzinfo=tz),
        "end": datetime.combine(end + timedelta(days=1), clock.min, tzinfo=tz),
        "today": timezone.localdate(),
    }

    def ours():
        return handling_rates(scope=admin, group_by=group_by, start=start, end=end)

    def limit():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    rows = ours()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        raw = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    # Every figure of every group, in the same order: the two compute the same thing.
    assert len(rows) == len(raw), f"{name}: the ORM and the SQL give different groups"
    same = all(r[f] == s[f] for r, s in zip(rows, raw, strict=True) for f in COUNT_FIELDS)
    assert same, f"{name}: the ORM and the SQL disagree"  # (both ran once: warm connection, plan, buffers)
    ours_ms, limit_ms = medians_side_by_side(milliseconds(ours), milliseconds(limit), repeat)
    return line(name, ours_ms, limit_ms, "<=1.5", "ms")


# --- 3 and 5: HTTP on gunicorn ------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(scale):
    """gunicorn with 2 sync workers on loopback, stopped (by its own pid) when the block ends."""
    port = _free_port()
    command = [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning"]
    process = subprocess.Popen([*command, "liaison.wsgi:application"], cwd=ROOT, env=bench_env(scale))
    try:
        _wait_for(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_for(port: int, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def wrk(url: str, token: str, seconds: int, script: str | None = None) -> float:
    """Requests per second over `seconds` with 4 connections; fails on any non-2xx answer or timeout."""
    command = ["wrk", "-t2", "-c4", f"-d{seconds}s", "--timeout", "10s", "-H", f"Authorization: Token {token}"]
    if script:
        command += ["-s", script]
    output = subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + 30).stdout
    if "Non-2xx" in output or "Socket errors" in output:
        raise RuntimeError(f"wrk saw errors on {url}:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


HTTP_ROUNDS = 3  # wrk runs of each side


def list_query(tokens) -> str:
    """Page 1 of 50 with the filters committee staff use most: open ones of a category in a city."""
    from suggestions.models import Category

    category = Category.objects.filter(parent=None).order_by("order").values_list("pk", flat=True)[1]
    return f"page_size=50&status=assigned&status=handling&category={category}&region=420100"


def bench_list(scale, tokens, seconds: int):
    if not shutil.which("wrk"):
        print("suggestion_list_api: skipped (wrk is not installed: apt-get install -y wrk)")
        return None
    query = list_query(tokens)
    token = tokens["bench_committee"]
    with gunicorn(scale) as base:
        ours_url, plain_url = f"{base}/api/v1/suggestions/?{query}", f"{base}/bench/plain-suggestions/?{query}"
        _same_page(ours_url, plain_url, token)
        wrk(ours_url, token, 1), wrk(plain_url, token, 1)  # warm both workers' connections
        ours, limit = medians_side_by_side(
            lambda: wrk(ours_url, token, seconds), lambda: wrk(plain_url, token, seconds), HTTP_ROUNDS
        )
    return line("suggestion_list_api", ours, limit, ">=0.5", "req/s")


def _same_page(ours_url: str, plain_url: str, token: str):
    import urllib.request

    def get(url):
        request = urllib.request.Request(url, headers={"Authorization": f"Token {token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    ours, plain = get(ours_url), get(plain_url)
    assert ours["count"] == plain["count"], (ours["count"], plain["count"])
    assert [r["id"] for r in ours["results"]] == [r["id"] for r in plain["results"]]


VISIT_SCRIPT = """
wrk.method = "POST"
wrk.body = '%s'
wrk.headers["Content-Type"] = "application/json"
"""


def bench_visits(scale, tokens, seconds: int):
    if not shutil.which("wrk"):
        print("visit_logging: skipped (wrk is not installed)")
        return None
    from stations.models import StationDeputy

    deputy = StationDeputy.objects.filter(station_id=1).values_list("deputy_id", flat=True).first()
    body = {
        "station": 1,
        "channel": "in_person",
        "content": "反映小区门口道路破损，希望尽快维修。",
        "visitor_name": "王芳",
        "visitor_phone": "13800001234",
        "deputies": [deputy] if deputy else [],
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(VISIT_SCRIPT % json.dumps(body, ensure_ascii=False))
    token = tokens["bench_station"]
    try:
        with gunicorn(scale) as base:
            ours_url, plain_url = f"{base}/api/v1/visits/", f"{base}/bench/plain-visit/"
            wrk(ours_url, token, 1, script.name), wrk(plain_url, token, 1, script.name)
            ours, limit = medians_side_by_side(
                lambda: wrk(ours_url, token, seconds, script.name),
                lambda: wrk(plain_url, token, seconds, script.name),
                HTTP_ROUNDS,
            )
    finally:
        os.unlink(script.name)
    return line("visit_logging", ours, limit, ">=0.3", "req/s")


# --- 4: Celery routing on one worker ------------------------------------------------------------


@contextmanager
def celery_worker(scale):
    """One worker process, one execution slot (solo pool), on Redis db 8; stopped by its pid."""
    command = [sys.executable, "-m", "celery", "-A", "liaison", "worker", "-P", "solo", "-c", "1", "-I", "bench.tasks"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "warning"]
    process = subprocess.Popen(command, cwd=ROOT, env=bench_env(scale))
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=60)


def routable_suggestions(count: int) -> list[int]:
    """Fresh suggestions shaped like the data set's, whose categories have routing rules; created
    withdrawn, so that none waits for routing until `bench.submit` turns them into submitted ones."""
    from django.utils import timezone

    from suggestions.models import Suggestion

    samples = list(
        Suggestion.objects.filter(kind="deputy").values("congress_id", "region_id", "category_id", "lead_deputy_id")[
            :count
        ]
    )
    now = timezone.now()
    Suggestion.objects.filter(tracking_code__regex=r"^R[0-9]{9}$").delete()  # an interrupted run's
    rows = [
        Suggestion(
            title="关于道路维修的建议",
            content="建议有关部门尽快维修。",
            tracking_code=f"R{i:09d}",
            status="withdrawn",
            submitted_at=now,
            assign_due_on=timezone.localdate() + timedelta(days=7),
            **samples[i % len(samples)],
        )
        for i in range(count)
    ]
    return [s.pk for s in Suggestion.objects.bulk_create(rows, batch_size=2000)]


WARM_UP = 300


def bench_routing(scale, count: int):
    import redis

    from liaison.celery import app
    from suggestions.models import Suggestion

    client = redis.Redis.from_url(BROKER)
    client.flushdb()  # db 8 is the bench's own
    suggestions = routable_suggestions(count + WARM_UP)
    warm_up, ids = suggestions[:WARM_UP], suggestions[WARM_UP:]
    try:
        send = app.send_task
        send("bench.submit", kwargs={"suggestion_ids": warm_up})
        for pk in warm_up:  # unmeasured: the worker's first queries compile and its caches fill
            send("suggestions.tasks.suggestion_route", kwargs={"suggestion_id": pk})
        # Submitted only now: else the warm-up's batch would route some of them before the measure.
        send("bench.submit", kwargs={"suggestion_ids": ids})
        for phase, task in (("noop", "bench.noop"), ("route", "suggestions.tasks.suggestion_route")):
            send("bench.mark", kwargs={"key": f"{phase}:start"})
            for pk in ids:
                send(task, kwargs={"suggestion_id": pk})
            send("bench.mark", kwargs={"key": f"{phase}:end"})
        with celery_worker(scale):
            _wait_for_key(client, "route:end", timeout=600)
        rates = {}
        for phase in ("noop", "route"):
            elapsed = float(client.get(f"{phase}:end")) - float(client.get(f"{phase}:start"))
            rates[phase] = count / elapsed
        routed = Suggestion.objects.filter(pk__in=ids, status="assigned").count()
        assert routed == count, f"only {routed} of {count} suggestions were routed"
    finally:
        Suggestion.objects.filter(pk__in=warm_up + ids).delete()
        client.flushdb()
    return line("celery_routing", rates["route"], rates["noop"], ">=0.7", "tasks/s")


def _wait_for_key(client, key: str, timeout: float):
    deadline = time.monotonic() + timeout
    while not client.exists(key):
        if time.monotonic() > deadline:
            raise RuntimeError(f"the worker did not reach {key} within {timeout} s")
        time.sleep(0.05)


# --- 6: generator load rate ---------------------------------------------------------------------------


def bench_generator(scale, count: int, repeat: int = 3):
    """The generator's visit loader (generate + COPY into a copy of the visit table with its indexes
    and keys dropped, then rebuilt) against a plain COPY of the same, already rendered rows into a
    bare table: `repeat` times each, alternately, medians compared (the machine is shared)."""
    from django.db import connection

    from bench.generate import visit_lines, world_from_db

    with connection.cursor() as wrapper:
        cursor = wrapper.cursor  # the psycopg2 cursor, for copy_expert
        world = world_from_db(cursor, scale)
        rendered = "".join(visit_lines(world, random.Random(7), count))
        seconds = medians_side_by_side(
            lambda: _generator_copy(cursor, world, count), lambda: _plain_copy(cursor, rendered), repeat
        )
    ours, limit = (count / side / 1000 for side in seconds)
    return line("generator_load", ours, limit, ">=0.5", "k rows/s")


def _plain_copy(cursor, rendered: str) -> float:
    from bench.copy import copy_buffer
    from bench.generate import VISIT_COLUMNS

    cursor.execute("DROP TABLE IF EXISTS bench_visit_plain")
    cursor.execute("CREATE TABLE bench_visit_plain (LIKE stations_visit INCLUDING DEFAULTS)")
    started = time.perf_counter()
    copy_buffer(cursor, "bench_visit_plain", VISIT_COLUMNS, io.StringIO(rendered))
    seconds = time.perf_counter() - started
    cursor.execute("DROP TABLE bench_visit_plain")
    return seconds


def _generator_copy(cursor, world, count: int) -> float:
    from bench.copy import copy_rows, drop_indexes_and_keys
    from bench.generate import VISIT_COLUMNS, visit_lines

    cursor.execute("DROP TABLE IF EXISTS bench_visit_ours")
    cursor.execute("CREATE TABLE bench_visit_ours (LIKE stations_visit INCLUDING ALL)")
    started = time.perf_counter()
    rebuild = drop_indexes_and_keys(cursor, "bench_visit_ours")
    copy_rows(cursor, "bench_visit_ours", VISIT_COLUMNS, visit_lines(world, random.Random(7), count))
    rebuild.run(cursor)
    seconds = time.perf_counter() - started
    cursor.execute("DROP TABLE bench_visit_ours")
    return seconds


# --- the run ----------------------------------------------------------------------------------------


SETTINGS = {
    # repeats of the figures, seconds of each wrk run, tasks per Celery phase, rows of the load test
    "tiny": dict(repeat=3, seconds=2, tasks=200, rows=20_000),
    "quick": dict(repeat=7, seconds=5, tasks=1_000, rows=100_000),
    "province": dict(repeat=7, seconds=10, tasks=3_000, rows=1_000_000),
}


def database_exists(name: str) -> bool:
    import psycopg2

    with psycopg2.connect(dbname="postgres", user="postgres", host="127.0.0.1") as connection:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return cursor.fetchone() is not None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="quick")
    parser.add_argument("--regenerate", action="store_true", help="generate the data set even if it exists")
    parser.add_argument("--only", nargs="*", help="names of the benchmarks to run (default: all)")
    parser.add_argument("--rows", type=int, help="rows of generator_load (default: the scale's, at most its visits)")
    args = parser.parse_args(argv)
    scale, knobs = SCALES[args.scale], SETTINGS[args.scale]

    if args.regenerate or not database_exists(scale.database):
        from bench.generate import generate

        generate(scale)
    os.environ.update(bench_env(scale))
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True)
    import django

    django.setup()
    from bench import sql

    tokens = bench_users()
    benchmarks = {
        "dashboard_per_unit": lambda: bench_figures("dashboard_per_unit", "unit", sql.PER_UNIT, knobs["repeat"]),
        "dashboard_category_month": lambda: bench_figures(
            "dashboard_category_month", "category_month", sql.PER_CATEGORY_MONTH, knobs["repeat"]
        ),
        "suggestion_list_api": lambda: bench_list(scale, tokens, knobs["seconds"]),
        "celery_routing": lambda: bench_routing(scale, knobs["tasks"]),
        "visit_logging": lambda: bench_visits(scale, tokens, knobs["seconds"]),
        "generator_load": lambda: bench_generator(scale, args.rows or min(knobs["rows"], scale.visits)),
    }
    print(f"# scale={scale.name} database={scale.database} {datetime.now():%Y-%m-%d %H:%M}", flush=True)
    results = [run() for name, run in benchmarks.items() if not args.only or name in args.only]
    return 0 if all(r and r.endswith(" ok") for r in results) else 1


if __name__ == "__main__":
    main()  # a MISS is reported, not an error: `make bench` succeeds when the benchmarks ran
