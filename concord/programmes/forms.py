"""Forms of the programmes module. Every choice offered (the perpetrator, the programme, the people on an attendance
sheet) is checked again by the service."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concord.people.choices import Sex
from concord.programmes.choices import (
    DECLINE_REASONS,
    LEAVING_REASONS,
    LEFT,
    RECORDED_BASES,
    Audience,
    Basis,
    Channel,
    EnrolmentStatus,
    MaterialKind,
    Presence,
    PublicAudience,
    reason_choices,
)


def _moment(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        initial=lambda: timezone.localtime().replace(second=0, microsecond=0),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


def _text(label: Any, *, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class _Named(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} — {obj.provider.name}" if hasattr(obj, "provider") else str(obj.name)


class _Perpetrator(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.person.full_name


class ProgrammeForm(forms.Form):
    programme_type = _Named(label=_("Programme type"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=200)
    sessions = forms.IntegerField(label=_("Sessions"), min_value=1, max_value=500)
    hours = forms.IntegerField(label=_("Hours in all"), min_value=1, max_value=2000)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=1000)
    curriculum = _text(_("Curriculum"))
    is_active = forms.BooleanField(label=_("Taking enrolments"), required=False, initial=True)

    def __init__(self, *args: Any, types: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme_type"].queryset = types  # type: ignore[attr-defined]
        if editing:
            del self.fields["programme_type"]
        else:
            del self.fields["is_active"]


class RequestForm(forms.Form):
    participant = _Perpetrator(label=_("Alleged perpetrator"), queryset=None)
    programme = _Named(label=_("Programme"), queryset=None)
    basis = forms.ChoiceField(label=_("Basis"), choices=[(b, Basis(b).label) for b in RECORDED_BASES])
    reference = forms.CharField(
        label=_("Reference of the decision"),
        required=False,
        max_length=4000,
        help_text=_("For a court decision: its number and date."),
    )

    def __init__(self, *args: Any, perpetrators: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = perpetrators  # type: ignore[attr-defined]
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]


class ChooseForm(forms.Form):
    programme = _Named(label=_("Programme"), queryset=None)

    def __init__(self, *args: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]


class WithdrawForm(forms.Form):
    text = _text(_("Why is the request withdrawn?"), required=True)


class EnrolForm(forms.Form):
    first_contact_at = _moment(_("First contact"))


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", "—"), *reason_choices(DECLINE_REASONS)])
    text = _text(_("Explanation"))


class CompleteForm(forms.Form):
    completed_at = _moment(_("Completed on"))


class LeaveForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"), choices=[(s, EnrolmentStatus(s).label) for s in LEFT], widget=forms.RadioSelect
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", "—"), *reason_choices(LEAVING_REASONS)])
    left_at = _moment(_("Date"))
    text = _text(_("Explanation"))


class SessionForm(forms.Form):
    """A session and its attendance sheet: one choice per person attending the programme."""

    held_at = _moment(_("Held"))
    hours = forms.DecimalField(
        label=_("Hours"), min_value=Decimal("0.5"), max_value=Decimal("12"), decimal_places=1, initial=2
    )
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)

    def __init__(self, *args: Any, attending: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = []
        for enrolment in attending:
            name = f"presence_{enrolment.pk}"
            self.fields[name] = forms.ChoiceField(
                label=enrolment.participant.person.full_name,
                choices=Presence.choices,
                initial=Presence.PRESENT,
                widget=forms.RadioSelect,
            )
            self.people.append((enrolment, name))

    @property
    def sheet(self) -> list[tuple[Any, Any]]:
        """Each person attending with the field of their attendance, for the sheet's lines."""
        return [(enrolment, self[name]) for enrolment, name in self.people]

    def attendance(self) -> dict[int, str]:
        return {enrolment.pk: self.cleaned_data[name] for enrolment, name in self.people}

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "held_at": data["held_at"],
            "hours": data["hours"],
            "topic": data["topic"],
            "attendance": self.attendance(),
        }


# ---- trainings ------------------------------------------------------------------------------------------------


class TrainingPlanForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    audience = forms.ChoiceField(label=_("Audience"), choices=Audience.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    topics = forms.CharField(
        label=_("Topics"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000, help_text=_("One topic a line.")
    )
    target_people = forms.IntegerField(label=_("People to train"), min_value=1, max_value=100000)
    target_sessions = forms.IntegerField(label=_("Sessions planned"), min_value=1, max_value=1000)

    def service_values(self) -> dict[str, Any]:
        return self.cleaned_data | {"topics": self.cleaned_data["topics"].splitlines()}


class TrainingSessionForm(forms.Form):
    starts_at = _moment(_("Date and time"))
    hours = forms.DecimalField(
        label=_("Hours"), min_value=Decimal("0.5"), max_value=Decimal("12"), decimal_places=1, initial=2
    )
    trainer = forms.CharField(label=_("Trainer"), max_length=200)
    online = forms.BooleanField(label=_("Online"), required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    topics = forms.MultipleChoiceField(label=_("Topics covered"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, plan: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = [(topic, topic) for topic in plan.topics]  # type: ignore[attr-defined]


class _Staff(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        agency = obj.agency
        return f"{obj.full_name} — {agency.name}" if agency else obj.full_name


# Columns of the sheet that need room on a tablet (classes of concord.css; the CSP allows no inline style).
SHEET_WIDTHS = {
    "user": "wide", "name": "wide", "organisation": "wide", "role": "medium", "agency_kind": "medium",
    "sex": "medium", "pre_score": "narrow", "post_score": "narrow",
}  # fmt: skip


class TraineeForm(forms.Form):
    """One line of a training's attendance sheet: a member of staff, or someone from outside by name."""

    user = _Staff(label=_("Member of staff"), queryset=None, required=False)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    role = forms.CharField(label=_("Role"), max_length=200, required=False)
    agency_kind = forms.ChoiceField(label=_("Agency kind"), required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    attended = forms.BooleanField(label=_("Attended"), required=False, initial=True)
    pre_score = forms.DecimalField(
        label=_("Score before"), required=False, min_value=0, max_value=100, decimal_places=1
    )
    post_score = forms.DecimalField(
        label=_("Score after"), required=False, min_value=0, max_value=100, decimal_places=1
    )

    def __init__(self, *args: Any, staff: Any, kinds: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff  # type: ignore[attr-defined]
        self.fields["agency_kind"].choices = [("", "—"), *kinds]  # type: ignore[attr-defined]
        # A line of a table on a tablet: compact inputs, no labels of their own.
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            else:
                select = isinstance(widget, forms.Select)
                widget.attrs["class"] = "form-select form-select-sm" if select else "form-control form-control-sm"
        for name, width in SHEET_WIDTHS.items():
            self.fields[name].widget.attrs["class"] += f" sheet-{width}"

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not data.get("user") and not (data.get("name") or "").strip()

    def row(self) -> dict[str, Any]:
        data = self.cleaned_data
        return data | {"user": data["user"].pk if data.get("user") else None}


TraineeFormSet = forms.formset_factory(TraineeForm, extra=0, max_num=500, validate_max=True)


class TrainingPlanFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    audience = forms.ChoiceField(
        label=_("Audience"), choices=[("", _("All audiences")), *Audience.choices], required=False
    )
    territory: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Area"), queryset=None, required=False, empty_label=_("The whole country")
    )

    def __init__(self, *args: Any, territories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories  # type: ignore[attr-defined]


class CoverageForm(forms.Form):
    territory: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Area"), queryset=None, required=False)
    months = forms.IntegerField(
        label=_("Trained in the last (months)"), min_value=1, max_value=120, initial=24, required=False
    )

    def __init__(self, *args: Any, territories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories  # type: ignore[attr-defined]


# ---- the materials library and the awareness campaigns ----------------------------------------------------------


def _day(label: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))


class MaterialForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MaterialKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = _text(_("Description"))


class MaterialVersionForm(forms.Form):
    version = forms.CharField(label=_("Version"), max_length=40, help_text=_("E.g. 2026 or 2nd edition."))
    language = forms.ChoiceField(label=_("Language"))
    file = forms.FileField(label=_("File"), help_text=_("PDF, DOCX, ODT, JPEG, PNG or text."))

    def __init__(self, *args: Any, languages: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = languages  # type: ignore[attr-defined]


class LibraryFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *MaterialKind.choices], required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args: Any, languages: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("All languages")), *languages]  # type: ignore[attr-defined]


class CampaignProgrammeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = _day(_("From"))
    ends_on = _day(_("Until"))
    objectives = _text(_("Objectives"))


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    objectives = _text(_("Objectives"))
    audiences = forms.MultipleChoiceField(
        label=_("Audiences"), choices=PublicAudience.choices, widget=forms.CheckboxSelectMultiple
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels"), choices=Channel.choices, widget=forms.CheckboxSelectMultiple
    )
    starts_on = _day(_("From"))
    ends_on = _day(_("Until"))


class _Territory(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class CampaignActivityForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"))
    title = forms.CharField(label=_("Activity"), max_length=200)
    starts_on = _day(_("From"))
    ends_on = _day(_("Until"))
    territory = _Territory(label=_("Where"), queryset=None)
    reach = forms.IntegerField(label=_("People reached"), min_value=0, max_value=100_000_000)
    materials: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Materials used"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, campaign: Any, territories: Any, materials: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Channel.choices)
        self.fields["channel"].choices = [(code, labels[code]) for code in campaign.channels]  # type: ignore[attr-defined]
        self.fields["territory"].queryset = territories  # type: ignore[attr-defined]
        self.fields["materials"].queryset = materials  # type: ignore[attr-defined]
