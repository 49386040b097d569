"""COPY helpers: stream generated rows into PostgreSQL, and drop / rebuild a table's indexes and
foreign keys around a bulk load (building an index once is far cheaper than updating it per row)."""

import time

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


def secondary_schema(cursor, table: str) -> tuple[list[str], list[str]]:
    """The DDL that recreates a table's secondary indexes and its non-primary-key constraints.

    Returned as (index and unique statements, foreign-key statements): uniques and indexes are
    built first, foreign keys last, once the rows they point at are in place.
    """
    cursor.execute(
        """
        SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint
        WHERE conrelid = %s::regclass AND contype IN ('u', 'f', 'c') ORDER BY conname
        """,
        [table],
    )
    constraints = cursor.fetchall()
    constraint_names = {name for name, _, _ in constraints}
    cursor.execute(
        """
        SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = %s::regclass AND NOT x.indisprimary ORDER BY i.relname
        """,
        [table],
    )
    indexes = [(name, ddl) for name, ddl in cursor.fetchall() if name not in constraint_names]
    first = [ddl for _, ddl in indexes]
    first += [f'ALTER TABLE {table} ADD CONSTRAINT "{n}" {d}' for n, kind, d in constraints if kind in "uc"]
    last = [f'ALTER TABLE {table} ADD CONSTRAINT "{n}" {d}' for n, kind, d in constraints if kind == "f"]
    return first, last


def drop_secondary(cursor, table: str) -> tuple[list[str], list[str]]:
    """Drop a table's secondary indexes and constraints; returns the DDL to rebuild them."""
    first, last = secondary_schema(cursor, table)
    cursor.execute(
        "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype IN ('u', 'f', 'c')", [table]
    )
    for (name,) in cursor.fetchall():
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    cursor.execute(
        """
        SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = %s::regclass AND NOT x.indisprimary
        """,
        [table],
    )
    for (name,) in cursor.fetchall():
        cursor.execute(f'DROP INDEX "{name}"')
    return first, last


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
