"""The lists' search and filters (rounds, units, drafts, documents): a text searched in a few
fields, a few choices, the page of results, newest first.

    filters = DraftFilterForm(request.GET)
    page, query = listing.page_of(request, filters.filter(drafts), 20)
"""

from functools import reduce
from operator import or_

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .fold import Folded, fold

SELECT = {"class": "form-select form-select-sm"}


class ListFilterForm(forms.Form):
    """`q` searched (contains, any case, with or without the marks) in `search_fields`;
    subclasses add their choices and narrow the list with them in `narrow()`.  A bad value
    lists nothing (never a 500)."""

    search_fields: tuple[str, ...] = ()
    placeholder = ""

    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search",
                                                      "class": "form-control form-control-sm"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.placeholder:
            self.fields["q"].widget.attrs["placeholder"] = self.placeholder

    def filter(self, queryset):
        if not self.is_valid():
            return queryset.none()
        return self.narrow(self.search(queryset), self.cleaned_data)

    def search(self, queryset, *also: Q):
        """`queryset` narrowed to the rows whose search fields hold the typed text ("buoi"
        finds "Phường Bưởi"), or match one of `also`."""
        text = fold(self.cleaned_data["q"].strip())
        if not text or not self.search_fields:
            return queryset
        folded = {f"_search_{n}": Folded(name) for n, name in enumerate(self.search_fields)}
        return queryset.annotate(**folded).filter(reduce(or_, [
            *(Q(**{f"{alias}__contains": text}) for alias in folded), *also]))

    def narrow(self, queryset, data):
        return queryset

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)


def choice(label, choices, every):
    """A select of `choices` with "every …" first."""
    return forms.ChoiceField(label=label, required=False, choices=[("", every), *choices],
                             widget=forms.Select(attrs=SELECT))


def page_of(request, queryset, per_page: int):
    """(the asked page of `queryset`, the query string without its page for the links)."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
