from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EventFilterForm(forms.Form):
    q = forms.CharField(label=_("Object or details contain"), required=False)
    action = forms.CharField(label=_("Action starts with"), required=False)
    actor = forms.CharField(label=_("User name"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filter(self, events):
        if not self.is_valid():
            return events.none()
        data = self.cleaned_data
        if data["q"]:
            events = events.filter(
                Q(object_repr__icontains=data["q"]) | Q(object_id=data["q"])
                | Q(details__icontains=data["q"])
            )
        if data["action"]:
            events = events.filter(action__startswith=data["action"])
        if data["actor"]:
            events = events.filter(actor_name__iexact=data["actor"])
        if data["date_from"]:
            events = events.filter(created_at__date__gte=data["date_from"])
        if data["date_to"]:
            events = events.filter(created_at__date__lte=data["date_to"])
        return events
