from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concord.cases.choices import LegalException
from concord.cases.models import Consent
from concord.referrals.choices import ContactChannel, ContactOutcome, DeclineReason, Outcome, SharedSection, Urgency
from concord.referrals.models import AgencyService, ServiceType
from concord.territory.models import Territory


class _ServiceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        label = obj.agency.name
        if obj.places_total is not None and obj.places_free is not None:
            label += " · " + str(_("%(count)d places free") % {"count": obj.places_free})
        return label


class ReferralForm(forms.Form):
    """What a referral needs. The services offered are those serving the case's territory for the chosen type
    (refreshed by htmx as the type changes); the service checks the choice again."""

    service_type = forms.ModelChoiceField(label=_("Service"), queryset=ServiceType.objects.none())
    service = _ServiceChoice(label=_("Agency"), queryset=AgencyService.objects.none())
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Urgency.choices, initial=Urgency.ROUTINE, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason for the referral"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    shared_sections = forms.MultipleChoiceField(
        label=_("Information shared"),
        choices=SharedSection.choices,
        initial=[SharedSection.SUMMARY],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    safe_contact = forms.CharField(
        label=_("How to contact the survivor safely"),
        help_text=_("Shown first to the receiving agency."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )
    consent = forms.ModelChoiceField(label=_("The survivor's consent"), queryset=Consent.objects.none(), required=False)
    legal_exception = forms.ChoiceField(
        label=_("Or a legal exception"), choices=[("", "—"), *LegalException.choices], required=False
    )
    justification = forms.CharField(
        label=_("Why the exception applies"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=4000
    )

    def __init__(self, *args, types, services, consents, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_type"].queryset = types  # type: ignore[attr-defined]
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        consent_field = self.fields["consent"]
        consent_field.queryset = consents  # type: ignore[attr-defined]
        consent_field.label_from_instance = lambda c: str(  # type: ignore[attr-defined]
            _("%(purpose)s, for %(recipient)s") % {"purpose": c.get_purpose_display(), "recipient": c.recipient_label}
        )


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=DeclineReason.choices)
    text = forms.CharField(
        label=_("Explanation for the sender"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )


class CompleteForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=4000)


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the referral is revoked"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )


class ReassignForm(forms.Form):
    service = _ServiceChoice(label=_("Another agency"), queryset=AgencyService.objects.none())
    reason = forms.CharField(
        label=_("Why the referral is reassigned"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )

    def __init__(self, *args, services, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]


class AttemptForm(forms.Form):
    attempted_at = forms.DateTimeField(
        label=_("Time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=ContactChannel.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ContactOutcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=4000)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attempted_at"].initial = timezone.localtime().replace(second=0, microsecond=0)


class PlacesForm(forms.Form):
    places_free = forms.IntegerField(label=_("Places free today"), min_value=0, max_value=10000)


class DirectoryForm(forms.Form):
    territory = forms.ModelChoiceField(label=_("Territory"), queryset=Territory.objects.none(), required=False)
    service_type = forms.ModelChoiceField(label=_("Service"), queryset=ServiceType.objects.none(), required=False)
    q = forms.CharField(label=_("Agency name"), required=False, max_length=100)

    def __init__(self, *args, territories, types, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories  # type: ignore[attr-defined]
        self.fields["service_type"].queryset = types  # type: ignore[attr-defined]
