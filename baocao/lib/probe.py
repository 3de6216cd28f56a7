"""Which of several querysets have a row, asked in one statement (an EXISTS each, selected on
one row of `base`): a page that shows a part only when something is there pays one round
trip for all the empty ones instead of a query each."""

from django.db.models import Exists


def which_exist(base, **querysets) -> set[str]:
    """The names of `querysets` that have a row.  `base`: a queryset of exactly one row to
    select the EXISTS on (the user's own row, say); if it has none, nothing is said to exist."""
    if not querysets:
        return set()
    names = list(querysets)
    found = base.annotate(**{f"_probe_{n}": Exists(q) for n, q in querysets.items()}) \
        .values_list(*[f"_probe_{n}" for n in names]).first()
    return {n for n, there in zip(names, found or (), strict=False) if there}
