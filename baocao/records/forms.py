from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Dossier


class FilingForm(forms.Form):
    reason = forms.CharField(label=_("Reason for what is missing"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class HoldForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the hold"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class _DossiersForm(forms.Form):
    dossiers = forms.ModelMultipleChoiceField(
        label=_("Dossiers"), queryset=Dossier.objects.none(),
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossiers"].queryset = queryset if queryset is not None else \
            Dossier.objects.all()
        for name, field in self.fields.items():
            css = "form-check-input" if name == "dossiers" else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            attrs = self.fields[name].widget.attrs if name in self.fields else {}
            if name != "dossiers" and "is-invalid" not in attrs.get("class", ""):
                attrs["class"] = attrs.get("class", "") + " is-invalid"


class TransferForm(_DossiersForm):
    number = forms.CharField(label=_("Transfer record number"), max_length=50)
    transferred_on = forms.DateField(label=_("Date"), initial=timezone.localdate,
                                     widget=forms.DateInput(attrs={"type": "date"}))
    received_by = forms.CharField(label=_("Received by (the archive)"), max_length=200)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class DisposalForm(_DossiersForm):
    number = forms.CharField(label=_("Decision number"), max_length=50)
    decided_on = forms.DateField(label=_("Decision date"),
                                 widget=forms.DateInput(attrs={"type": "date"}))
    decided_by = forms.CharField(label=_("Signed by"), max_length=200)
    grounds = forms.CharField(label=_("Grounds"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))
    carried_out_on = forms.DateField(label=_("Carried out on"), initial=timezone.localdate,
                                     widget=forms.DateInput(attrs={"type": "date"}))
    witnesses = forms.CharField(label=_("Witnesses"), required=False, max_length=2000,
                                widget=forms.Textarea(attrs={"rows": 2}))
