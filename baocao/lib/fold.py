"""Searching Vietnamese as people type it: without its marks and in any case.  "buoi", "BƯỞI"
and "Bưởi" are the same search.  `fold()` folds the typed text in Python; `Folded(field)` folds
a column the same way in the database: PostgreSQL with translate() and lower() (no extension
needed), SQLite with the function `baocao_fold` registered on each connection
(`register_sqlite`, connected in CoreConfig.ready)."""

import unicodedata
from functools import lru_cache

from django.db.models import CharField, Func


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower case, without the marks of its letters (đ → d)."""
    text = (text or "").replace("đ", "d").replace("Đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _vietnamese_letters() -> str:
    """Every letter of Vietnamese with a mark, both cases (precomposed)."""
    bases, marks = "aeiouy", ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
    shapes = {"a": ["", "\u0302", "\u0306"], "e": ["", "\u0302"], "o": ["", "\u0302", "\u031b"],
              "u": ["", "\u031b"], "i": [""], "y": [""]}
    letters = {"đ", "Đ"}
    for base in bases:
        for shape in shapes[base]:
            for mark in marks:
                for letter in (base, base.upper()):
                    composed = unicodedata.normalize("NFC", letter + shape + mark)
                    if len(composed) == 1 and composed not in "aeiouyAEIOUY":
                        letters.add(composed)
    return "".join(sorted(letters))


MARKED = _vietnamese_letters()
PLAIN = "".join(fold(c) for c in MARKED)


class Folded(Func):
    """A text column folded as `fold()` folds (compare it with a folded search)."""

    output_field = CharField()

    def __init__(self, expression, **extra):
        super().__init__(expression, **extra)

    def as_sql(self, compiler, connection, **extra):  # PostgreSQL and others
        sql, params = compiler.compile(self.source_expressions[0])
        return f"LOWER(TRANSLATE({sql}, %s, %s))", [*params, MARKED, PLAIN]

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"baocao_fold({sql})", params


def register_sqlite(sender, connection, **kwargs):
    """connection_created: SQLite learns `baocao_fold`."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("baocao_fold", 1, fold, deterministic=True)
