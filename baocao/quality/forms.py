"""The forms of the quality pages.  They only read and bound the input; the rules live in
registers.py, surveys.py and suggestions.py, whose errors come back at the same fields."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baocao.catalogue.models import Indicator
from baocao.organisation.models import OrgUnit, User

from .models import (
    RATING_CHOICES,
    AuditFinding,
    Capa,
    QualityObjective,
    RequestProblem,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def text(label, limit=4000, required=True, rows=3, help_text=""):
    return forms.CharField(label=label, max_length=limit, required=required,
                           widget=forms.Textarea(attrs={"rows": rows}), help_text=help_text)


def line(label, limit=300, required=True, help_text="", placeholder=""):
    attrs = {"placeholder": placeholder} if placeholder else {}
    return forms.CharField(label=label, max_length=limit, required=required,
                           help_text=help_text, widget=forms.TextInput(attrs=attrs))


def day(label, required=True, today=True):
    return forms.DateField(label=label, required=required, widget=DateInput(),
                           initial=timezone.localdate if today else None)


PERIOD_HELP = _("e.g. 2026-10, 2026-Q3, 2026-H1 or 2026")


def period_field(help_text=None):
    return forms.CharField(label=_("Period"), max_length=40, help_text=help_text or PERIOD_HELP)


CHOOSE = _("— choose —")


class BootstrapMixin:
    """Bootstrap's classes on every widget, and the invalid mark on fields with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
                field.empty_label = CHOOSE
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                css = ""
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            if css:
                widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()

    def add_error(self, field, error):
        """Every error (the form's own or the domain's) marks its field invalid."""
        super().add_error(field, error)
        for name in list(self._errors or {}):
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid")


class Form(BootstrapMixin, forms.Form):
    def add_errors(self, error):
        """A ValidationError of the domain, placed at its fields (or above the form)."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        else:
            for message in error.messages:
                self.add_error(None, message)


def people_of_committee(committee):
    if committee is None:
        return User.objects.none()
    return User.objects.filter(is_active=True,
                               memberships__unit__path__startswith=committee.path).distinct() \
        .order_by("full_name", "username")


class UnitChoiceMixin:
    """On the committee's pages the unit is chosen (a department, or the committee itself)."""

    def set_units(self, units):
        if units is None:
            self.fields.pop("unit", None)
        else:
            self.fields["unit"].queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in units])


# --- objectives ------------------------------------------------------------------------------

class ObjectiveForm(UnitChoiceMixin, Form):
    unit = forms.ModelChoiceField(OrgUnit.objects.none(), label=_("Unit"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = line(_("Objective"), placeholder=_("e.g. every file settled on time"))
    measure = line(_("How it is measured"))
    comparison = forms.ChoiceField(label=_("The result must be"),
                                   choices=QualityObjective.Comparison.choices)
    target = forms.CharField(label=_("Target"), max_length=30)
    unit_of_measure = line(_("Unit of measure"), limit=50, required=False)
    indicator = forms.ModelChoiceField(
        Indicator.objects.filter(active=True).order_by("code"), required=False,
        label=_("Result from the indicator (optional)"))


class ResultForm(Form):
    period = period_field()
    value = forms.CharField(label=_("Result"), max_length=30, required=False)
    from_indicator = forms.BooleanField(label=_("Take the result from the objective's indicator"),
                                        required=False)
    note = line(_("Note"), limit=500, required=False)


class ReasonForm(Form):
    reason = text(_("Reason"), limit=300, rows=2)


# --- erroneous documents ---------------------------------------------------------------------

def issued_documents():
    from baocao.documents.models import Document

    return Document.objects.order_by("-issued_on", "-number")


class DocumentErrorForm(UnitChoiceMixin, Form):
    unit = forms.ModelChoiceField(OrgUnit.objects.none(), label=_("Unit"))
    document = forms.ModelChoiceField(issued_documents(), required=False,
                                      label=_("The document, if ours"))
    document_title = line(_("Document"), required=False,
                          help_text=_("Number, date and summary, e.g. \"125/BC-UBND ngày "
                                      "20/10/2026 …\"; empty for one of ours chosen above."))
    error = text(_("What is wrong"))
    found_by = line(_("Found by"), limit=200, placeholder=_("a person, a unit or an outside "
                                                           "body"))
    found_on = day(_("Found on"))


class CorrectionForm(Form):
    corrected_on = day(_("Corrected on"))
    correction = text(_("How it was corrected"))
    corrected_document = forms.ModelChoiceField(issued_documents(), required=False,
                                                label=_("The corrected document, if ours"))


# --- CAPA --------------------------------------------------------------------------------------

class CapaForm(UnitChoiceMixin, Form):
    unit = forms.ModelChoiceField(OrgUnit.objects.none(), label=_("Unit"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Capa.Kind.choices)
    problem = text(_("The problem"))
    cause = text(_("Its cause"), required=False)
    action = text(_("The action"))
    responsible = forms.ModelChoiceField(User.objects.none(), label=_("Who carries it out"))
    due_date = day(_("Due by"), today=False)

    def set_people(self, committee):
        self.fields["responsible"].queryset = people_of_committee(committee)


class CompleteForm(Form):
    done_on = day(_("Done on"))
    done_note = text(_("What was done"))


class CheckForm(Form):
    effective = forms.TypedChoiceField(
        label=_("Was the action effective?"), coerce=lambda v: v == "yes",
        choices=[("yes", _("Effective: close it")),
                 ("no", _("Not effective: open it again"))], widget=forms.RadioSelect)
    check_note = text(_("The check"), help_text=_("What was checked, and how."))


# --- request problems --------------------------------------------------------------------------

class ProblemForm(UnitChoiceMixin, Form):
    unit = forms.ModelChoiceField(OrgUnit.objects.none(), label=_("Unit"))
    occurred_on = day(_("On"))
    kind = forms.ChoiceField(label=_("Kind"), choices=RequestProblem.Kind.choices)
    procedure = line(_("Administrative procedure"), required=False)
    case_reference = line(_("File number"), limit=100, required=False)
    description = text(_("What happened"))


class ResolveForm(Form):
    resolved_on = day(_("Resolved on"))
    resolution = text(_("How it was resolved"))


# --- workload ------------------------------------------------------------------------------------

class WorkloadForm(UnitChoiceMixin, Form):
    unit = forms.ModelChoiceField(OrgUnit.objects.none(), label=_("Unit"))
    period = period_field()
    documents_received = forms.CharField(label=_("Incoming documents received"), max_length=12)
    documents_handled = forms.CharField(label=_("Incoming documents handled"), max_length=12)
    records_filed = forms.CharField(label=_("Records filed"), max_length=12)


# --- audits --------------------------------------------------------------------------------------

class AuditForm(Form):
    title = line(_("Audit"), placeholder=_("e.g. Internal audit, first half of 2026"))
    planned_on = day(_("Planned for"), today=False)
    scope = text(_("Scope"), help_text=_("The processes and clauses audited."))
    units = forms.ModelMultipleChoiceField(OrgUnit.objects.none(), label=_("Units audited"),
                                           widget=forms.CheckboxSelectMultiple)
    auditors = forms.ModelMultipleChoiceField(User.objects.none(), label=_("Auditors"),
                                              widget=forms.SelectMultiple(attrs={"size": 6}))

    def set_choices(self, units, committee):
        self.fields["units"].queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in units])
        self.fields["auditors"].queryset = people_of_committee(committee)


class FindingForm(Form):
    unit = forms.ModelChoiceField(OrgUnit.objects.none(), label=_("Unit"))
    kind = forms.ChoiceField(label=_("Kind"), choices=AuditFinding.Kind.choices)
    clause = line(_("ISO 9001 clause"), limit=50, required=False, placeholder="8.5.1")
    description = text(_("Finding"))
    cause = text(_("Its cause"), required=False, rows=2)
    action = text(_("Corrective action (for a nonconformity)"), required=False, rows=2)
    responsible = forms.ModelChoiceField(User.objects.none(), required=False,
                                         label=_("Who carries it out"))
    due_date = day(_("Due by"), required=False, today=False)

    def set_choices(self, audit, committee):
        self.fields["unit"].queryset = audit.units.all()
        self.fields["responsible"].queryset = people_of_committee(committee)


class HeldForm(Form):
    held_on = day(_("Held on"))
    summary = text(_("Conclusion"))


# --- incidents, complaints ---------------------------------------------------------------------

class IncidentForm(UnitChoiceMixin, Form):
    unit = forms.ModelChoiceField(OrgUnit.objects.none(), label=_("Unit"))
    equipment = line(_("Equipment"), limit=200)
    occurred_at = forms.DateTimeField(label=_("When"), widget=DateTimeInput())
    effect = text(_("Effect on the work"))


class RepairForm(Form):
    repaired_on = day(_("Repaired on"))
    repair = text(_("Repair"))
    repaired_by = line(_("Repaired by"), limit=200)


class ComplaintForm(UnitChoiceMixin, Form):
    unit = forms.ModelChoiceField(OrgUnit.objects.none(), label=_("Department concerned"))
    received_on = day(_("Received on"))
    complainant = line(_("Complainant"), limit=200, required=False,
                       help_text=_("Optional: an organisation, or a person who agreed to be "
                                   "named."))
    subject = text(_("The complaint"))
    explanation_due = day(_("Explanation due by"), today=False)


class ExplanationForm(Form):
    explained_on = day(_("Explained on"))
    explanation = text(_("The explanation"))


# --- surveys -----------------------------------------------------------------------------------

class SurveyForm(UnitChoiceMixin, Form):
    unit = forms.ModelChoiceField(OrgUnit.objects.none(), label=_("Unit"))
    title = line(_("Title"), placeholder=_("e.g. Satisfaction with the one-stop desk"))
    service = line(_("Service"), limit=200, required=False)


class QuestionForm(Form):
    text = line(_("Question"))
    is_overall = forms.BooleanField(label=_("This is the overall satisfaction question"),
                                    required=False)


class AnswerForm(BootstrapMixin, forms.Form):
    """The public survey: one 1–5 rating per question, a comment; bounded."""

    comment = forms.CharField(label=_("Your comments (optional)"), max_length=1000,
                              required=False, widget=forms.Textarea(attrs={"rows": 3}))
    visit = forms.CharField(widget=forms.HiddenInput, max_length=400)

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=question.text, choices=RATING_CHOICES, coerce=int,
                required=question.is_overall, widget=forms.RadioSelect,
                error_messages={"required": _("Please answer this question.")})
        self.order_fields([f"q{q.pk}" for q in self.questions] + ["comment", "visit"])

    def ratings(self) -> dict:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}

    def question_fields(self):
        return [self[f"q{q.pk}"] for q in self.questions]


# --- suggestions -------------------------------------------------------------------------------

class SuggestionForm(Form):
    unit = forms.ModelChoiceField(OrgUnit.objects.none(), label=_("Department concerned"))
    title = line(_("Title"), limit=200)
    body = text(_("Your suggestion"), rows=5, help_text=_("What works badly today, and what "
                                                          "you propose instead."))

    def set_units(self, units):
        self.fields["unit"].queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in units])


class PublicSuggestionForm(SuggestionForm):
    name = line(_("Your name (optional)"), limit=150, required=False)
    contact = line(_("Telephone or e-mail (optional)"), limit=150, required=False,
                   help_text=_("Only if you want the department to contact you. Leave both "
                               "empty to stay anonymous."))


class TrackForm(Form):
    code = line(_("Tracking code"), limit=20, placeholder="ABCD-EFGH-JKLM")


class ForwardForm(Form):
    comment = text(_("Your opinion"), help_text=_("Recorded with the suggestion and sent to "
                                                  "the QMR."))


class AssignForm(Form):
    assignee = forms.ModelChoiceField(User.objects.none(), label=_("Assigned to"))
    due_date = day(_("Due by"), today=False)
    note = text(_("Instructions to the assignee"), required=False, rows=2)

    def set_people(self, committee):
        self.fields["assignee"].queryset = people_of_committee(committee)


class DeclineForm(Form):
    reason = text(_("Why it is declined"), help_text=_("The author will read it."))


class OutcomeForm(Form):
    outcome = text(_("What was done"), help_text=_("The author will read it."))
    capa = forms.ModelChoiceField(Capa.objects.none(), required=False,
                                  label=_("The action opened from it (optional)"))

    def set_capas(self, capas):
        self.fields["capa"].queryset = Capa.objects.filter(pk__in=[c.pk for c in capas])


class InformForm(Form):
    message = text(_("What you told the author"), help_text=_("By telephone, letter or in "
                                                             "person; the author also reads "
                                                             "it here."))


class ReviewForm(Form):
    period = period_field(help_text=_("A quarter, a half year or a year: 2026-Q3, 2026-H1, "
                                      "2026"))
