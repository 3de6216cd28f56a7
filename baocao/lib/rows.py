"""Model instances read by a statement written once per process, for the few reads every
signed-in request makes (the session, the user, their roles, the committee, the unread
count): the ORM compiles a queryset anew at every request, which cost several times the
database's own answer.  The statement selects every concrete field of each model named, in
their order (`columns`), and each row is cut into instances as the ORM's own would be, the
fields' and the database's converters applied (a date in SQLite, a JSON value)."""

import functools

from django.db import connection


@functools.cache
def _fields(model) -> tuple:
    return tuple(model._meta.concrete_fields)


def columns(model, alias: str) -> str:
    """`alias`."col1", `alias`."col2", … for every concrete field of `model`."""
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(f.column)}" for f in _fields(model))


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def select(model, alias: str) -> str:
    """SELECT every column of `model` FROM its table as `alias` (add the WHERE)."""
    return f"SELECT {columns(model, alias)} FROM {table(model)} {alias} "  # noqa: S608


def marks(values) -> str:
    """%s, %s, … one per value, for an IN (…)."""
    return ", ".join(["%s"] * len(values))


@functools.cache
def _converters(model, vendor: str) -> tuple:
    made = []
    for n, field in enumerate(_fields(model)):
        col = field.get_col(model._meta.db_table)
        found = connection.ops.get_db_converters(col) + field.get_db_converters(connection)
        if found:
            made.append((n, col, tuple(found)))
    return tuple(made)


def fits(model, value) -> bool:
    """Whether `value` can be `model`'s primary key in this database (an id from an address
    may be any size: the ORM answers "no such row" for one too large, and so must we)."""
    low, high = connection.ops.integer_field_range(model._meta.pk.get_internal_type())
    return isinstance(value, int) and (low is None or value >= low) and (
        high is None or value <= high)


def fetch(sql: str, params, *models) -> list[tuple]:
    """The rows of `sql` (which selects `columns(m, …)` of each of `models` in turn), each a
    tuple of instances, one per model."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return []
    db = connection.alias
    plan = []
    start = 0
    for model in models:
        names = [f.attname for f in _fields(model)]
        plan.append((model, names, start, start + len(names),
                     _converters(model, connection.vendor)))
        start += len(names)
    made = []
    for row in rows:
        objects = []
        for model, names, begin, end, converters in plan:
            values = list(row[begin:end])
            for n, col, found in converters:
                for convert in found:
                    values[n] = convert(values[n], col, connection)
            objects.append(model.from_db(db, names, values))
        made.append(tuple(objects))
    return made


def scalar(sql: str, params):
    """The first column of the first row of `sql`, or None."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else row[0]
