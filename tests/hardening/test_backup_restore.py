"""Backup and restore with pg_dump, as the README describes: dump a seeded database, restore it into
another, and find every table with the same number of rows (and the restored copy usable)."""

import os
import shutil
import subprocess

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

from tests.conftest import need

pytestmark = [pytest.mark.django_db(transaction=True)]


def row_counts(cursor, tables) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def test_a_pg_dump_of_a_seeded_database_restores_with_every_row(postgres_only, tmp_path):
    need(shutil.which("pg_dump") and shutil.which("pg_restore"), "needs pg_dump and pg_restore")
    call_command("seed_demo", verbosity=0)
    source = connection.settings_dict
    target = f"liaison_hard_restore_{os.getpid()}"
    base = ["-h", source["HOST"] or "127.0.0.1", "-p", str(source["PORT"] or 5432), "-U", source["USER"]]
    env = {**os.environ, "PGPASSWORD": source["PASSWORD"] or ""}
    dump = tmp_path / "liaison.dump"
    subprocess.run(["pg_dump", *base, "-Fc", "-f", str(dump), source["NAME"]], check=True, env=env, timeout=120)
    subprocess.run(["dropdb", *base, "--if-exists", target], check=True, env=env, timeout=60)
    subprocess.run(["createdb", *base, "-T", "template0", "-E", "UTF8", target], check=True, env=env, timeout=60)
    try:
        subprocess.run(
            ["pg_restore", *base, "--no-owner", "--exit-on-error", "-d", target, str(dump)],
            check=True,
            env=env,
            timeout=180,
        )
        tables = connection.introspection.table_names()
        with connection.cursor() as cursor:
            expected = row_counts(cursor, tables)
        params = {"dbname": target, "user": source["USER"], "host": source["HOST"], "port": source["PORT"] or 5432}
        with psycopg2.connect(**params) as restored, restored.cursor() as cursor:
            actual = row_counts(cursor, tables)
            cursor.execute("SELECT max(id) FROM suggestions_suggestion")
            highest = cursor.fetchone()[0]
            # Sequences come back too: the next row does not collide with a restored one.
            cursor.execute("SELECT nextval(pg_get_serial_sequence('suggestions_suggestion', 'id'))")
            assert cursor.fetchone()[0] > highest
        restored.close()
        assert expected["suggestions_suggestion"] > 0 and expected["stations_visit"] > 0
        assert actual == expected
    finally:
        subprocess.run(["dropdb", *base, "--if-exists", "--force", target], env=env, timeout=60)
