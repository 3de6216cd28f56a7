from django import forms
from django.utils.translation import gettext_lazy as _

from baocao.lib import listing
from baocao.lib.listing import ListFilterForm

from .models import Kind, OrgUnit


class UnitFilterForm(ListFilterForm):
    """The units list's search (name, code) and filters (kind, ended units too)."""

    search_fields = ("name", "code")
    placeholder = _("Name or code…")

    kind = listing.choice(_("Kind"), Kind.choices, _("Every kind"))
    ended = forms.BooleanField(label=_("Ended units too"), required=False,
                               widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the kinds the tree has: a province of today has no district nor township.
        present = set(OrgUnit.objects.values_list("kind", flat=True).distinct())
        field = self.fields["kind"]
        field.choices = [(value, label) for value, label in field.choices
                         if not value or value in present]

    def narrow(self, units, data):
        if data.get("kind"):
            units = units.filter(kind=data["kind"])
        return units
