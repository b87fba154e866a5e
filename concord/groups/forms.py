"""Forms of the monitoring-group module. Every choice offered (a person, an agency, a case) is checked again by the
service: a form only narrows what the page lists."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concord.common.forms import NamedChoiceField
from concord.groups.choices import ActionStatus, FamilyOutcome, MeetingKind, NotDoneReason

TEXT = {"rows": 3}


class _Person(forms.ModelChoiceField):
    """Staff with their agency's name, read once for the whole list (views.staff annotates `agency_pk`)."""

    def label_from_instance(self, obj: Any) -> str:
        names = getattr(self, "_agency_names", None)
        if names is None:
            from concord.accounts.models import Agency

            ids = {getattr(user, "agency_pk", None) for user in self.queryset}  # type: ignore[union-attr]
            found = Agency.objects.filter(pk__in=ids - {None})
            names = self._agency_names = {agency.pk: agency.name for agency in found}
        name = names.get(getattr(obj, "agency_pk", 0))
        return f"{obj.full_name} ({name})" if name else obj.full_name


def _date(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}))


class PlanForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    scheduled_at = forms.DateTimeField(
        label=_("Date and time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)

    def __init__(self, *args, suggested=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if suggested is not None:
            self.fields["scheduled_at"].initial = suggested


class OfficersForm(forms.Form):
    chair = _Person(label=_("Chair"), queryset=None, required=False)
    secretary = _Person(label=_("Secretary"), queryset=None, required=False)
    language = forms.ChoiceField(label=_("Language of the minutes"), choices=settings.LANGUAGES)

    def __init__(self, *args, chairs, secretaries, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = chairs  # type: ignore[attr-defined]
        self.fields["secretary"].queryset = secretaries  # type: ignore[attr-defined]


class MemberForm(forms.Form):
    agency = NamedChoiceField(label=_("Agency"), queryset=None)

    def __init__(self, *args, agencies, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class RepresentativesForm(forms.Form):
    representative = _Person(label=_("Representative"), queryset=None, required=False)
    deputy = _Person(label=_("Deputy"), queryset=None, required=False)

    def __init__(self, *args, staff, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["representative"].queryset = staff  # type: ignore[attr-defined]
        self.fields["deputy"].queryset = staff  # type: ignore[attr-defined]


class AddCaseForm(forms.Form):
    number = forms.CharField(label=_("Case number"), max_length=40)
    note = forms.CharField(label=_("Why"), required=False, max_length=500)


class HoldForm(forms.Form):
    chaired_by = _Person(label=_("Chaired by"), queryset=None, required=False)

    def __init__(self, *args, chairs, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chaired_by"].queryset = chairs  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    decision = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs=TEXT))


class ContributionForm(forms.Form):
    text = forms.CharField(label=_("What your agency knows"), widget=forms.Textarea(attrs=TEXT))


class ActionForm(forms.Form):
    owner = NamedChoiceField(label=_("Owner agency"), queryset=None, required=False)
    responsible = _Person(label=_("Responsible person"), queryset=None, required=False)
    text = forms.CharField(label=_("What is to be done"), widget=forms.Textarea(attrs={"rows": 2}))
    due_on = _date(_("Due"), required=False)

    def __init__(self, *args, agencies, staff, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["responsible"].queryset = staff  # type: ignore[attr-defined]


class CloseActionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"), choices=[(c, label) for c, label in ActionStatus.choices if c != ActionStatus.OPEN]
    )
    reason = forms.ChoiceField(
        label=_("Why it was not done"), choices=[("", "—"), *NotDoneReason.choices], required=False
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FamilyForm(forms.Form):
    numbers = forms.CharField(label=_("Case numbers"), help_text=_("One or more, separated by commas."), max_length=400)
    reason = forms.CharField(label=_("Why the group follows the family"), widget=forms.Textarea(attrs=TEXT))
    review_on = _date(_("Next review"))
    responsible = NamedChoiceField(label=_("Responsible agency"), queryset=None)

    def __init__(self, *args, agencies, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["review_on"].initial = timezone.localdate() + datetime.timedelta(days=30)

    def case_numbers(self) -> list[str]:
        return [n.strip() for n in self.cleaned_data["numbers"].split(",") if n.strip()]


class FamilyReviewForm(forms.Form):
    review_on = _date(_("Next review"))


class FamilyCloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=FamilyOutcome.choices)
    note = forms.CharField(label=_("Outcome in detail"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
