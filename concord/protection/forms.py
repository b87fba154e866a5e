"""Forms of the protection module. Every choice offered (the order type, the parties, the issuer, the conditions,
the article) is checked again by the service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concord.common.forms import NamedChoiceField
from concord.protection.choices import (
    CONDITION_NUMBERS,
    AppealOutcome,
    ApplicantKind,
    Body,
    BreachResponse,
    Condition,
    EndReason,
    ProceedingKind,
    Sanction,
    Stage,
)


def _text(label: Any, *, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


def _moment(label: Any, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


def _day(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, help_text=help_text, widget=forms.DateInput(attrs={"type": "date"})
    )


def _now() -> Any:
    return timezone.localtime().replace(second=0, microsecond=0)


class _Named(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class _PersonChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.person.full_name} ({obj.get_role_display()})"


class _RespondentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.person.full_name


class ApplyForm(forms.Form):
    measure = _Named(label=_("Order type"), queryset=None)
    applicant_kind = forms.ChoiceField(label=_("Applicant"), choices=ApplicantKind.choices)
    respondent = _RespondentChoice(label=_("Respondent"), queryset=None)
    protected = _PersonChoice(label=_("Protected persons"), queryset=None, widget=forms.CheckboxSelectMultiple)
    issuer = NamedChoiceField(
        label=_("Applied to"), queryset=None, help_text=_("The agency that decides on the order.")
    )
    applied_at = _moment(_("Applied at"))

    def __init__(self, *args, measures, perpetrators, protectable, issuers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = measures  # type: ignore[attr-defined]
        self.fields["respondent"].queryset = perpetrators  # type: ignore[attr-defined]
        self.fields["protected"].queryset = protectable  # type: ignore[attr-defined]
        self.fields["issuer"].queryset = issuers  # type: ignore[attr-defined]
        self.fields["applied_at"].initial = _now()
        self.fields["protected"].initial = [p.pk for p in protectable if p.role == "survivor"]


class DecideForm(forms.Form):
    issued = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Issued")), ("no", _("Refused"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    decided_at = _moment(_("Decided at"))
    starts_at = _moment(_("In force from"), required=False)
    ends_on = _day(_("Ends on"), required=False, help_text=_("Leave empty for a duration the law fixes."))
    conditions = forms.MultipleChoiceField(
        label=_("Conditions"), choices=Condition.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    stay_away_metres = forms.IntegerField(label=_("Distance to keep (metres)"), required=False, min_value=1)
    report_per_month = forms.IntegerField(label=_("Reports to the police a month"), required=False, min_value=1)
    refusal_text = _text(_("Grounds for refusal"), required=False)

    def __init__(self, *args, offered: list[dict[str, Any]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        codes = [row["code"] for row in offered]
        self.fields["conditions"].choices = [(c, label) for c, label in Condition.choices if c in codes]  # type: ignore[attr-defined]
        for code, field in (
            (Condition.STAY_AWAY, "stay_away_metres"),
            (Condition.REPORT_TO_POLICE, "report_per_month"),
        ):
            if code not in codes:
                del self.fields[field]
        self.fields["decided_at"].initial = _now()

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        numbers = {
            Condition.STAY_AWAY: data.get("stay_away_metres"),
            Condition.REPORT_TO_POLICE: data.get("report_per_month"),
        }
        conditions = [
            {"code": code} | ({"number": numbers[code]} if code in CONDITION_NUMBERS else {})
            for code in data["conditions"]
        ]
        return {
            "issued": data["issued"],
            "decided_at": data["decided_at"],
            "starts_at": data["starts_at"],
            "ends_on": data["ends_on"],
            "conditions": conditions,
            "refusal_text": data["refusal_text"],
        }


class ExtendForm(forms.Form):
    decided_at = _moment(_("Decided at"))
    ends_on = _day(_("Extended until"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_at"].initial = _now()


class RevokeForm(forms.Form):
    text = _text(_("Why the order ends"))


class AppealForm(forms.Form):
    appealed_at = _moment(_("Appealed at"))


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome of the appeal"), choices=AppealOutcome.choices)
    decided_at = _moment(_("Decided at"))
    text = _text(_("Note"), required=False)


class DatesForm(forms.Form):
    hearing_at = _moment(_("Hearing held at"), required=False)
    served_at = _moment(_("Copies sent at"), required=False)


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Order document"))


class BreachForm(forms.Form):
    occurred_at = _moment(_("Time of the breach"))
    reported_by_kind = forms.ChoiceField(label=_("Reported by"), choices=ApplicantKind.choices)
    conditions = forms.MultipleChoiceField(
        label=_("Conditions breached"), choices=(), widget=forms.CheckboxSelectMultiple
    )
    description = _text(_("What happened"), required=False)
    response = forms.ChoiceField(label=_("Response"), choices=BreachResponse.choices)
    response_text = _text(_("Response in detail"), required=False)

    def __init__(self, *args, imposed: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["conditions"].choices = [(c, label) for c, label in Condition.choices if c in imposed]  # type: ignore[attr-defined]
        self.fields["occurred_at"].initial = _now()


class _IncidentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(_("Incident of %(date)s") % {"date": timezone.localtime(obj.occurred_at).date().isoformat()})


class _QualificationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.article} — {obj.name} ({obj.get_kind_display()})"


class ProceedingForm(forms.Form):
    incident = _IncidentChoice(label=_("Incident"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=ProceedingKind.choices)
    body = forms.ChoiceField(label=_("Registered by"), choices=Body.choices)
    qualification = _QualificationChoice(label=_("Legal qualification"), queryset=None)
    registered_on = _day(_("Report registered on"))
    reference = forms.CharField(label=_("File number"), required=False, max_length=200)

    def __init__(self, *args, incidents, qualifications, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["incident"].queryset = incidents  # type: ignore[attr-defined]
        self.fields["qualification"].queryset = qualifications  # type: ignore[attr-defined]


class StepForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    on = _day(_("Date"))
    body = forms.ChoiceField(label=_("Body"), choices=Body.choices)
    end_reason = forms.ChoiceField(label=_("Reason"), choices=[("", "—"), *EndReason.choices], required=False)
    sanction = forms.ChoiceField(label=_("Sanction"), choices=[("", "—"), *Sanction.choices], required=False)
    sanction_text = _text(_("Sanction in detail"), required=False)

    def __init__(self, *args, next_stages: tuple[str, ...], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [(c, label) for c, label in Stage.choices if c in next_stages]  # type: ignore[attr-defined]


class RegisterForm(forms.Form):
    measure = _Named(label=_("Order type"), queryset=None, required=False)
    issuer = NamedChoiceField(label=_("Issued by"), queryset=None, required=False)

    def __init__(self, *args, measures, issuers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = measures  # type: ignore[attr-defined]
        self.fields["issuer"].queryset = issuers  # type: ignore[attr-defined]
