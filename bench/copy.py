"""COPY helpers: stream generated rows into PostgreSQL, and drop / rebuild a table's indexes and
keys around a bulk load (building an index once is far cheaper than updating it per row)."""

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import NamedTuple

import psycopg2

NULL = r"\N"


class RowStream:
    """A read-only file over an iterator of COPY text pieces (a line, or several whole lines), for
    `cursor.copy_expert`.

    Rows are generated while PostgreSQL parses the previous chunk, so nothing is written to disk.
    """

    def __init__(self, lines):
        self._lines = iter(lines)
        self.rows = 0

    def read(self, size=-1):
        chunks, length = [], 0
        for line in self._lines:
            chunks.append(line)
            length += len(line)
            if length >= size > 0:
                break
        text = "".join(chunks)
        self.rows += text.count("\n")  # COPY text escapes newlines inside values: each one ends a row
        return text

    readline = read  # psycopg2 only calls read(); this keeps file-like duck typing honest


def copy_rows(cursor, table: str, columns: tuple[str, ...], lines) -> int:
    """COPY `lines` (text format, tab-separated, newline-terminated; an item may hold several lines)
    into `table`; returns rows."""
    stream = RowStream(lines)
    sql = f"COPY {table} ({', '.join(_quote(c) for c in columns)}) FROM STDIN"
    cursor.copy_expert(sql, stream, size=1 << 18)
    return stream.rows


def copy_buffer(cursor, table: str, columns: tuple[str, ...], buffer) -> None:
    """COPY an already rendered text buffer (a StringIO at position 0) into `table`."""
    sql = f"COPY {table} ({', '.join(_quote(c) for c in columns)}) FROM STDIN"
    cursor.copy_expert(sql, buffer, size=1 << 18)


def _quote(column: str) -> str:
    return f'"{column}"'


@dataclass
class Rebuild:
    """The DDL that puts back what `drop_indexes_and_keys` dropped, in the order it has to run."""

    indexes: list[str]  # CREATE INDEX, the keys' unique indexes included: may run side by side
    keys: list[str]  # primary keys and unique constraints taking over their index (instant)
    foreign_keys: list[str]  # last, once the rows and keys they point at are in place

    def run(self, cursor) -> float:
        """All of it, for a table loaded on its own; returns the seconds it took."""
        return build_indexes(cursor, self.indexes) + run_all(cursor, self.keys + self.foreign_keys)


def drop_indexes_and_keys(cursor, table: str) -> Rebuild:
    """Drop a table's indexes and keys for a bulk load, the primary key too: building an index from
    the loaded rows is far cheaper than inserting into it row by row. Foreign keys of other tables
    that point at the table go as well (the primary key cannot go before them). CHECK constraints
    stay: checking a row as it arrives costs next to nothing, adding one back scans the whole table.
    Returns the DDL that rebuilds them.
    """
    keys = _keys(cursor, table)
    foreign = [key for key in keys if key.kind == "f"]
    own = [key for key in keys if key.kind != "f"]
    cursor.execute(
        "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
        "WHERE indrelid = %s::regclass ORDER BY 1",
        [table],
    )
    indexes = cursor.fetchall()  # the keys' own indexes too, under the keys' names
    for key in foreign + own:  # the foreign keys before the keys they point at
        cursor.execute(f'ALTER TABLE {key.owner} DROP CONSTRAINT "{key.name}"')
    key_names = {key.name for key in own}
    for name, _ in indexes:
        if name not in key_names:  # a key's index went with the key
            cursor.execute(f"DROP INDEX {name}")
    return Rebuild([ddl for _, ddl in indexes], [key.add() for key in own], [key.add() for key in foreign])


class Key(NamedTuple):
    """A primary key (kind p), unique constraint (u) or foreign key (f) of the table `owner`."""

    owner: str
    name: str
    kind: str
    definition: str
    deferrable: bool
    deferred: bool

    def add(self) -> str:
        """The DDL that adds the key back; a primary key or unique constraint takes over the index of
        its name, built beforehand (possibly beside other indexes, which adding it whole would block)."""
        if self.kind == "f":
            return f'ALTER TABLE {self.owner} ADD CONSTRAINT "{self.name}" {self.definition}'
        kind = "PRIMARY KEY" if self.kind == "p" else "UNIQUE"
        timing = (" DEFERRABLE" if self.deferrable else "") + (" INITIALLY DEFERRED" if self.deferred else "")
        return f'ALTER TABLE {self.owner} ADD CONSTRAINT "{self.name}" {kind} USING INDEX "{self.name}"{timing}'


def _keys(cursor, table: str) -> list[Key]:
    """The table's primary key, unique constraints and foreign keys, and the foreign keys of other
    tables that point at it."""
    cursor.execute(
        """
        SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid), condeferrable, condeferred
        FROM pg_constraint
        WHERE (conrelid = %(table)s::regclass AND contype IN ('p', 'u', 'f'))
           OR (confrelid = %(table)s::regclass AND contype = 'f')
        ORDER BY 1, 2
        """,
        {"table": table},
    )
    return [Key(*row) for row in cursor.fetchall()]


def build_indexes(cursor, statements: list[str], sessions: int = 2) -> float:
    """Run CREATE INDEX statements on `sessions` connections at once; returns the seconds they took.

    Builds of one table can run together (CREATE INDEX only blocks writes), and on two cores one
    build's single-process phases (merging the sorted runs, writing the index) overlap another's
    parallel scan and sort: measured 5-20% faster than one after the other. Other connections see
    only committed rows, so inside a transaction (the tests) the builds run one by one on `cursor`.
    """
    if not cursor.connection.autocommit or sessions < 2 or len(statements) < 2:
        return run_all(cursor, statements)
    started = time.perf_counter()
    others = [_connect_like(cursor) for _ in range(sessions - 1)]
    pending = iter(statements)  # shared: each session takes the next statement once it is free

    def build(session_cursor):
        for statement in pending:
            session_cursor.execute(statement)

    try:
        with ThreadPoolExecutor(sessions) as pool:  # psycopg2 lets go of the GIL while a statement runs
            done = [pool.submit(build, session) for session in [cursor, *(other.cursor() for other in others)]]
            for future in done:
                future.result()  # raises what a build raised
    finally:
        for other in others:
            other.close()
    return time.perf_counter() - started


def _connect_like(cursor):
    """Another connection to the database of `cursor`, with its sort memory for index builds (the
    bench's PostgreSQL trusts local connections: there is no password to pass on)."""
    cursor.execute("SHOW maintenance_work_mem")
    (memory,) = cursor.fetchone()
    connection = psycopg2.connect(cursor.connection.dsn)
    connection.autocommit = True
    with connection.cursor() as new:
        new.execute("SET maintenance_work_mem = %s", [memory])
    return connection


def run_all(cursor, statements: list[str]) -> float:
    """Run DDL statements; returns the seconds they took."""
    started = time.perf_counter()
    for statement in statements:
        cursor.execute(statement)
    return time.perf_counter() - started


def reset_sequence(cursor, table: str) -> None:
    """After explicit ids, the next id the application hands out follows the largest loaded one."""
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
    )
