from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baocao.documents.models import Recipient
from baocao.lib import listing
from baocao.lib.listing import ListFilterForm
from baocao.organisation.models import Kind, Membership, OrgUnit, Role, User

from .models import Authority, Comment, DraftSection

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CONSULTED_ROLES = (Role.LEADER, Role.COMMITTEE_MEMBER, Role.HEAD)
CHECKBOXES = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})


class PersonChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        m = next(iter(user.consulted_memberships), None)
        return f"{user.display_name} — {m.position or m.get_role_display()}, {m.unit.name}" \
            if m else user.display_name


def consulted_people(committee):
    memberships = Membership.objects.filter(
        role__in=CONSULTED_ROLES, unit__path__startswith=committee.path,
        user__is_active=True).select_related("unit")
    by_user = {}
    for m in memberships:
        by_user.setdefault(m.user_id, []).append(m)
    users = User.objects.filter(pk__in=by_user).order_by("username")
    return users, by_user


WARD_KINDS = (Kind.WARD, Kind.COMMUNE, Kind.TOWNSHIP)
CONSULT_GROUPS = [("leaders", _("All the committee's leaders")),
                  ("committee_members", _("All the committee members")),
                  ("wards", _("All the wards and communes")),
                  ("departments", _("All the departments and offices"))]


class ConsultForm(forms.Form):
    users = PersonChoice(queryset=User.objects.none(), required=False,
                         widget=CHECKBOXES,
                         label=_("People asked (leaders, committee members, heads)"))
    units = forms.ModelMultipleChoiceField(queryset=OrgUnit.objects.none(), required=False,
                                           widget=CHECKBOXES,
                                           label=_("Units asked"))
    groups = forms.MultipleChoiceField(choices=CONSULT_GROUPS, required=False,
                                       widget=CHECKBOXES, label=_("Ask a whole group"))
    deadline = forms.DateField(label=_("Answer by"), widget=DATE)
    message = forms.CharField(label=_("Message"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, committee=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].initial = timezone.localdate() + timedelta(days=3)
        self.user_groups, self.unit_groups = {}, {}  # pk → "leaders committee_members"…
        if committee is not None:
            users, by_user = consulted_people(committee)
            users = list(users)
            for user in users:
                user.consulted_memberships = by_user[user.pk]
            self.fields["users"].queryset = User.objects.filter(pk__in=[u.pk for u in users])
            self.fields["users"].choices = [(u.pk, self.fields["users"].label_from_instance(u))
                                            for u in users]
            self.fields["units"].queryset = OrgUnit.objects.filter(
                parent=committee, kind__in=[Kind.DEPARTMENT, Kind.OFFICE,
                                            Kind.PLANNING_DEPARTMENT, Kind.WARD, Kind.COMMUNE,
                                            Kind.TOWNSHIP]).order_by("kind", "path")
            for user in users:
                roles = {m.role for m in user.consulted_memberships}
                self.user_groups[user.pk] = " ".join(
                    group for group, role in (("leaders", Role.LEADER),
                                              ("committee_members", Role.COMMITTEE_MEMBER))
                    if role in roles)
            for unit in self.fields["units"].queryset:
                self.unit_groups[unit.pk] = "wards" if unit.kind in WARD_KINDS else "departments"

    def group_counts(self) -> dict:
        """How many each group ticks: {"leaders": 3, …}."""
        counts = dict.fromkeys((g for g, _label in CONSULT_GROUPS), 0)
        for groups in [*self.user_groups.values(), *self.unit_groups.values()]:
            for group in groups.split():
                counts[group] += 1
        return counts

    def clean(self):
        data = super().clean()
        groups = set(data.get("groups") or ())
        if groups:  # a group ticked asks each of its people or units
            users = {u.pk for u in data.get("users") or ()} | {
                pk for pk, g in self.user_groups.items() if groups & set(g.split())}
            units = {u.pk for u in data.get("units") or ()} | {
                pk for pk, g in self.unit_groups.items() if g in groups}
            data["users"] = self.fields["users"].queryset.filter(pk__in=users)
            data["units"] = self.fields["units"].queryset.filter(pk__in=units)
        if not data.get("users") and not data.get("units"):
            raise forms.ValidationError(_("Choose at least one person or unit to ask."))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class GateForm(forms.Form):
    """The reason to go on when the figures leave out units that have not sent (gates.py)."""

    unsent_reason = forms.CharField(
        label=_("Why go on without their reports"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}))


class SignForm(GateForm):
    authority = forms.ChoiceField(label=_("Authority line"), choices=Authority.choices,
                                  required=False)
    password = forms.CharField(label=_("Signing key password (or USB token PIN)"),
                               required=False, strip=False, widget=forms.PasswordInput)


class IssueForm(GateForm):
    recipients = forms.ModelMultipleChoiceField(
        queryset=Recipient.objects.none(), required=False,
        widget=CHECKBOXES, label=_("Recipients"))
    others = forms.CharField(label=_("Other recipients, one per line"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    issued_on = forms.DateField(label=_("Date of the document"), widget=DATE)
    filing_line = forms.CharField(label=_("Filing line"), initial="Lưu: VT, VP.",
                                  max_length=200)

    def __init__(self, *args, committee=None, draft=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].initial = timezone.localdate()
        if committee is not None:
            found = Recipient.objects.filter(committee=committee, active=True)
            self.fields["recipients"].queryset = found
            names = {r["name"] for r in draft.recipients} if draft is not None else None
            self.fields["recipients"].initial = [
                r.pk for r in found if (r.name in names if names is not None else r.by_default)]
            if names is not None:
                listed = {r.name for r in found}
                self.fields["others"].initial = "\n".join(sorted(names - listed))


class AnswerForm(forms.Form):
    section = forms.ModelChoiceField(queryset=DraftSection.objects.none(), required=False,
                                     label=_("On the section"),
                                     empty_label=_("The whole draft"))
    quote = forms.CharField(label=_("The passage commented on"), required=False,
                            max_length=2000, widget=forms.HiddenInput)
    body = forms.CharField(label=_("Your comment"), required=False,
                           widget=forms.Textarea(attrs={"rows": 4}))
    finished = forms.BooleanField(required=False)
    letter = forms.FileField(label=_("Or attach a letter (PDF, PNG, JPEG)"), required=False)

    def __init__(self, *args, draft=None, **kwargs):
        super().__init__(*args, **kwargs)
        if draft is not None:
            self.fields["section"].queryset = draft.sections.order_by("order")


class ResolveForm(forms.Form):
    resolution = forms.ChoiceField(choices=[(Comment.Resolution.ACCEPTED, _("Accepted")),
                                            (Comment.Resolution.DECLINED, _("Declined"))],
                                   widget=forms.RadioSelect, label=_("Taken in"))
    note = forms.CharField(label=_("Where it was taken in, or why it was declined"),
                           required=False, max_length=1000)


class AdHocForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=300)
    department = forms.ModelChoiceField(queryset=OrgUnit.objects.none(),
                                        label=_("Department assigned"),
                                        empty_label=_("— choose a department —"))
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)
    contributors = forms.ModelMultipleChoiceField(
        queryset=OrgUnit.objects.none(), required=False, widget=CHECKBOXES,
        label=_("Units that contribute information"))
    instructions = forms.CharField(label=_("Instructions"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, committee=None, **kwargs):
        super().__init__(*args, **kwargs)
        if committee is not None:
            departments = OrgUnit.objects.filter(parent=committee, kind__in=[
                Kind.DEPARTMENT, Kind.OFFICE, Kind.PLANNING_DEPARTMENT]).order_by("path")
            self.fields["department"].queryset = departments
            self.fields["contributors"].queryset = OrgUnit.objects.filter(
                parent=committee).exclude(kind=Kind.EXTERNAL).order_by("kind", "path")

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("Give a deadline from today on."))
        return deadline


class RemoteAnswerForm(forms.Form):
    """The signing agent's answer, pasted or as its file: the signature value in base64, or the
    JSON {"signature": "…"} the agent writes."""

    LIMIT = 64 * 1024

    signature = forms.CharField(label=_("Signature value from the signing agent (base64)"),
                                required=False, widget=forms.Textarea(attrs={"rows": 3}))
    answer_file = forms.FileField(label=_("…or the agent's answer file (.json)"),
                                  required=False)

    @classmethod
    def value_of(cls, text: str) -> bytes:
        import base64
        import binascii
        import json

        text = (text or "").strip()
        if text.startswith("{"):
            try:
                text = str(json.loads(text).get("signature") or "")
            except (ValueError, AttributeError):
                raise forms.ValidationError(
                    {"signature": _("The answer is not the agent's JSON.")}) from None
        try:
            value = base64.b64decode("".join(text.split()), validate=True)
        except (binascii.Error, ValueError):
            value = b""
        if not value:
            raise forms.ValidationError(
                {"signature": _("Paste the signature value the agent gave (base64).")})
        return value

    def clean(self):
        data = super().clean()
        upload = data.get("answer_file")
        if upload is not None:
            if upload.size > self.LIMIT:
                raise forms.ValidationError({"answer_file": _("The file is too large.")})
            text = upload.read().decode("utf-8", "replace")
        else:
            text = data.get("signature") or ""
        try:
            data["value"] = self.value_of(text)
        except forms.ValidationError as error:
            if upload is not None:
                raise forms.ValidationError({"answer_file": error.messages}) from None
            raise
        return data


class DraftFilterForm(ListFilterForm):
    """The drafts list's search (title, summary, lead unit) and filters (state, regime)."""

    search_fields = ("title", "summary", "lead_unit__name")
    placeholder = _("Title, summary, unit…")

    def __init__(self, *args, **kwargs):
        from baocao.catalogue.models import Regime

        from .models import Draft

        super().__init__(*args, **kwargs)
        self.fields["state"] = listing.choice(_("State"), Draft.State.choices, _("Every state"))
        self.fields["regime"] = listing.choice(
            _("Regime"), list(Regime.objects.order_by("name").values_list("code", "name")),
            _("Every regime"))

    def narrow(self, drafts, data):
        if data.get("state"):
            drafts = drafts.filter(state=data["state"])
        if data.get("regime"):
            drafts = drafts.filter(regime__code=data["regime"])
        return drafts
