from django import forms
from django.utils.translation import gettext_lazy as _

from baocao.lib import listing
from baocao.lib.listing import ListFilterForm

from .models import Kind


class UnitFilterForm(ListFilterForm):
    """The units list's search (name, code) and filters (kind, ended units too)."""

    search_fields = ("name", "code")
    placeholder = _("Name or code…")

    kind = listing.choice(_("Kind"), Kind.choices, _("Every kind"))
    ended = forms.BooleanField(label=_("Ended units too"), required=False,
                               widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def narrow(self, units, data):
        if data.get("kind"):
            units = units.filter(kind=data["kind"])
        return units
