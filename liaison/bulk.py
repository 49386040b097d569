"""Many rows of a model inserted in one statement.

`bulk_create()` builds a model instance per row and sends one parameter per value: for a batch of
routing (hundreds of suggestions, each with assignments, an event and an audit entry) that was most
of the batch's time. On PostgreSQL `insert_rows()` sends one array per column instead, which the
server unnests (bench/README.md, "Celery routing", has the figures); elsewhere it falls back to
`bulk_create()`.
"""

import json
from collections.abc import Sequence

from django.db import connection, models


def insert_rows(template: models.Model, fields: Sequence[str], rows: Sequence[tuple]) -> int:
    """Insert `rows` of the template's model: each row gives the values of `fields` (attnames, so ids
    for foreign keys), and takes every other field (but an auto primary key) from `template`, as
    `save()` would write it (defaults, `auto_now_add`). Values are what the database stores (aware
    datetimes, Python values for JSON fields). Returns the number of rows."""
    model = type(template)
    if not rows:
        return 0
    if connection.vendor != "postgresql":
        common = {f.attname: getattr(template, f.attname) for f in model._meta.concrete_fields if not f.primary_key}
        model.objects.bulk_create([model(**{**common, **dict(zip(fields, row, strict=True))}) for row in rows])
        return len(rows)
    columns = dict(zip(fields, zip(*rows, strict=True), strict=True))
    inserted = [f for f in model._meta.concrete_fields if f is not model._meta.auto_field]
    unknown = set(fields) - {f.attname for f in inserted}
    if unknown:
        raise ValueError(f"{model.__name__} has no column {', '.join(sorted(unknown))} to insert")
    selected, arrays, constants, array_values = [], [], [], []
    for field in inserted:
        db_type = field.db_type(connection)
        if field.attname in columns:
            arrays.append(f"%s::{db_type}[]")
            array_values.append(_stored(field, columns[field.attname]))
            selected.append(f"unnested.c{len(arrays)}")
        else:
            selected.append(f"CAST(%s AS {db_type})")
            constants.append(field.get_db_prep_save(field.pre_save(template, add=True), connection))
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in inserted)}) "
        f"SELECT {', '.join(selected)} FROM unnest({', '.join(arrays)}) "
        f"AS unnested({', '.join(f'c{i}' for i in range(1, len(arrays) + 1))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, constants + array_values)  # the SELECT list's placeholders come first
    return len(rows)


def _stored(field: models.Field, values: tuple) -> list:
    if isinstance(field, models.JSONField):
        return [None if value is None else json.dumps(value, cls=field.encoder) for value in values]
    return list(values)
