from django import forms
from django.utils.translation import gettext_lazy as _

from baocao.catalogue.models import ReportForm
from baocao.lib.http import MAX_ID
from baocao.organisation.models import Kind, OrgUnit

MAX_REVISION = 2 ** 31 - 1  # a PositiveIntegerField


class OpenRoundForm(forms.Form):
    form = forms.ModelChoiceField(label=_("Report form"), queryset=ReportForm.objects.all(),
                                  empty_label=_("Choose a form"))
    period = forms.CharField(label=_("Period"), help_text=_(
        "E.g. 2026-11, 2026-Q3, 2026-H1, 2026-9M, 2026."))
    units = forms.ModelMultipleChoiceField(
        label=_("Units expected"), required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        queryset=OrgUnit.objects.exclude(kind=Kind.EXTERNAL),
        help_text=_("Leave all unticked for the units the form names."))
    due_date = forms.DateField(label=_("Units send by"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}),
                               help_text=_("Empty: from the regime's calendar."))
    paper_due_date = forms.DateField(label=_("Paper copy by"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}),
                                     help_text=_("Empty: from the regime's calendar."))
    number = forms.CharField(
        label=_("Number of a letter issued elsewhere"), required=False, max_length=50,
        help_text=_("Empty: the request letter is drafted here, signed and issued with its "
                    "number from the letters' register, and the units are told with it."))
    letter_date = forms.DateField(label=_("Date of that letter"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    subject = forms.CharField(label=_("Subject"), max_length=300)
    body = forms.CharField(label=_("Request"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}))
    outline = forms.CharField(label=_("Outline"), required=False, widget=forms.Textarea(
        attrs={"rows": 6}), help_text=_("The headings of the consolidated report, one per line."))
    guidance = forms.FileField(label=_("Guidance from the higher level (PDF)"), required=False)


class ExtendForm(forms.Form):
    due_date = forms.DateField(label=_("New due date"),
                               widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the return"), widget=forms.Textarea(
        attrs={"rows": 2}))


class PaperForm(forms.Form):
    day = forms.DateField(label=_("Paper copy received on"),
                          widget=forms.DateInput(attrs={"type": "date"}))


class CellForm(forms.Form):
    """One typed cell, as the entry page posts it (htmx)."""

    indicator = forms.IntegerField(min_value=1, max_value=MAX_ID)
    column = forms.CharField(max_length=30)
    # the revision the user saw: 0 for an empty cell; absent: no check (scripts)
    revision = forms.IntegerField(min_value=0, max_value=MAX_REVISION, required=False)
    value = forms.CharField(required=False, strip=False, max_length=10_000)


class CommentForm(forms.Form):
    indicator = forms.IntegerField(min_value=1, max_value=MAX_ID)
    comment = forms.CharField(required=False, max_length=10_000)


class TextForm(forms.Form):
    """One narrative section, as the page's editor posts it."""

    html = forms.CharField(required=False, strip=False, max_length=200_000)
    revision = forms.IntegerField(min_value=0, max_value=MAX_REVISION, required=False)
