from django import forms
from django.utils.translation import gettext_lazy as _

from baocao.catalogue.models import ReportForm
from baocao.lib.http import MAX_ID
from baocao.lib.listing import ListFilterForm
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


class IdsField(forms.Field):
    """The ids of the checked rows (each a positive whole number; at most 2,000)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value or []
        if len(values) > 2000:
            raise forms.ValidationError(_("Too many rows selected."))
        ids = []
        for raw in values:
            raw = str(raw)
            if not (raw.isascii() and raw.isdigit() and len(raw) <= 19
                    and 0 < int(raw) <= MAX_ID):
                raise forms.ValidationError(_("Incomplete request."))
            ids.append(int(raw))
        return ids


class BulkForm(forms.Form):
    """An action on the selected reports of a round (bulk.py); `confirm` once confirmed."""

    action = forms.ChoiceField(choices=[("receive", _("Receive")), ("remind", _("Remind")),
                                        ("extend", _("Extend"))])
    selected = IdsField(required=False)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
    due_date = forms.DateField(label=_("New due date"), required=False,
                               widget=forms.DateInput(attrs={"type": "date",
                                                             "class": "form-control"}))
    reason = forms.CharField(label=_("Reason for the extension"), max_length=300,
                             required=False,
                             widget=forms.TextInput(attrs={"class": "form-control"}))
    message = forms.CharField(label=_("Your words to the units (optional)"), max_length=1000,
                              required=False, widget=forms.Textarea(
                                  attrs={"rows": 3, "class": "form-control"}))

    def clean(self):
        data = super().clean()
        if data.get("confirm") and data.get("action") == "extend":
            if not data.get("due_date"):
                self.add_error("due_date", _("Give the new due date."))
            if not (data.get("reason") or "").strip():
                self.add_error("reason", _("Give the reason for the extension."))
        return data


def _period_choices():
    from baocao.catalogue.periods import Period

    from .models import Round

    periods = Round.objects.order_by("-period_end", "period").values_list(
        "period", flat=True).distinct()
    return [("", _("Every period"))] + [(p, Period.parse(p).label()) for p in
                                        dict.fromkeys(periods)]


class RoundFilterForm(ListFilterForm):
    """The rounds list's search and filters (period in words, form, state, free text)."""

    search_fields = ("form__name", "request__subject", "request__number")

    q = forms.CharField(label=_("Search"), required=False, max_length=100, widget=forms.TextInput(
        attrs={"type": "search", "class": "form-control form-control-sm",
               "placeholder": _("Form, subject, letter number…")}))
    period = forms.ChoiceField(label=_("Period"), required=False, choices=_period_choices,
                               widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    form = forms.ModelChoiceField(label=_("Report form"), required=False,
                                  queryset=ReportForm.objects.order_by("name"),
                                  empty_label=_("Every form"), to_field_name="code",
                                  widget=forms.Select(
                                      attrs={"class": "form-select form-select-sm"}))
    state = forms.ChoiceField(label=_("State"), required=False, choices=[
        ("", _("Every state")), ("open", _("Open")), ("closed", _("Closed")),
        ("late", _("With late units"))], widget=forms.Select(
        attrs={"class": "form-select form-select-sm"}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].label_from_instance = lambda form: form.name  # by title, not code
        if user is not None:  # only the forms this person may see (a ward: those it fills)
            from baocao.organisation import access

            self.fields["form"].queryset = access.visible_forms(
                user, ReportForm.objects.order_by("name"))

    def filter(self, rounds, today):
        """`rounds` narrowed to what was asked (nothing on a bad value)."""
        from django.db.models import Q

        if not self.is_valid():
            return rounds.none()
        data = self.cleaned_data
        rounds = self.search(rounds, Q(form__code__iexact=data["q"].strip()))
        if data["period"]:
            rounds = rounds.filter(period=data["period"])
        if data["form"]:
            rounds = rounds.filter(form=data["form"])
        if data["state"] == "late":
            rounds = rounds.filter(state="open", submissions__first_sent_at__isnull=True,
                                   submissions__due_date__lt=today).distinct()
        elif data["state"]:
            rounds = rounds.filter(state=data["state"])
        return rounds
