"""COPY helpers: stream generated rows into PostgreSQL, and drop / rebuild a table's indexes and
keys around a bulk load (building an index once is far cheaper than updating it per row)."""

import time
from typing import NamedTuple

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


def drop_indexes_and_keys(cursor, table: str) -> tuple[list[str], list[str]]:
    """Drop a table's indexes and keys for a bulk load, the primary key too: building an index from
    the loaded rows is far cheaper than inserting into it row by row. Foreign keys of other tables
    that point at the table go as well (the primary key cannot go before them). CHECK constraints
    stay: checking a row as it arrives costs next to nothing, adding one back scans the whole table.

    Returns the DDL that rebuilds them as (index and key statements, foreign-key statements): indexes
    first, foreign keys last, once the rows they point at are in place.
    """
    keys = _keys(cursor, table)
    foreign = [key for key in keys if key.kind == "f"]
    own = [key for key in keys if key.kind != "f"]
    indexes = _other_indexes(cursor, table, {key.name for key in own})
    for key in foreign + own:  # the foreign keys before the keys they point at
        cursor.execute(f'ALTER TABLE {key.owner} DROP CONSTRAINT "{key.name}"')
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    return [ddl for _, ddl in indexes] + [key.add() for key in own], [key.add() for key in foreign]


class Key(NamedTuple):
    """A primary key (kind p), unique constraint (u) or foreign key (f) of the table `owner`."""

    owner: str
    name: str
    kind: str
    definition: str

    def add(self) -> str:
        return f'ALTER TABLE {self.owner} ADD CONSTRAINT "{self.name}" {self.definition}'


def _keys(cursor, table: str) -> list[Key]:
    """The table's primary key, unique constraints and foreign keys, and the foreign keys of other
    tables that point at it."""
    cursor.execute(
        """
        SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid) FROM pg_constraint
        WHERE (conrelid = %(table)s::regclass AND contype IN ('p', 'u', 'f'))
           OR (confrelid = %(table)s::regclass AND contype = 'f')
        ORDER BY 1, 2
        """,
        {"table": table},
    )
    return [Key(*row) for row in cursor.fetchall()]


def _other_indexes(cursor, table: str, key_names: set[str]) -> list[tuple[str, str]]:
    """(name, definition) of the table's indexes that are not a key's own (a key's index has its name)."""
    cursor.execute(
        """
        SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = %s::regclass ORDER BY i.relname
        """,
        [table],
    )
    return [(name, ddl) for name, ddl in cursor.fetchall() if name not in key_names]


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
