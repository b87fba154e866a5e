from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from concord.accounts.models import Agency, AgencyKind
from concord.cases.choices import (
    AttachmentKind,
    ConsentMethod,
    ConsentPurpose,
    Injury,
    LegalException,
    ParticipantRole,
    PlaceType,
    Relationship,
    ViolenceAct,
    Weapon,
)
from concord.common.forms import NamedChoiceField, NamedMultipleChoiceField, offer_nearby
from concord.people.choices import Citizenship, Disability, Sex
from concord.territory.models import Territory

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _no_future_date(value):
    # Today of the reader's country (CountryTimeZoneMiddleware): a first check, the services decide by the case's.
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."))


def _no_future_datetime(value):
    if value and value > timezone.now():
        raise forms.ValidationError(_("The date cannot be in the future."))


class PersonFields(forms.Form):
    """Identity fields shared by the intake form and the people tab."""

    given_name = forms.CharField(label=_("Given name"), max_length=100)
    family_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=100, required=False)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DATE, validators=[_no_future_date])
    birth_year = forms.IntegerField(
        label=_("Year of birth (if the date is not known)"), required=False, min_value=1900, max_value=2100
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.FEMALE)
    national_id = forms.CharField(label=_("National ID number"), max_length=40, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    address = forms.CharField(label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    disability = forms.ChoiceField(label=_("Disability"), choices=Disability.choices, initial=Disability.UNKNOWN)
    citizenship = forms.ChoiceField(label=_("Citizenship"), choices=Citizenship.choices, initial=Citizenship.NATIONAL)


class IntakeForm(forms.Form):
    """The four steps of intake; the template shows them one at a time, and the server takes them at once."""

    # Step 1: survivor.
    territory: forms.ModelChoiceField = NamedChoiceField(
        label=_("District or city of the case"), queryset=Territory.objects.none()
    )
    survivor_given_name = forms.CharField(label=_("Given name"), max_length=100)
    survivor_family_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    survivor_patronymic = forms.CharField(label=_("Patronymic"), max_length=100, required=False)
    survivor_birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=DATE, validators=[_no_future_date]
    )
    survivor_sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.FEMALE)
    survivor_national_id = forms.CharField(label=_("National ID number"), max_length=40, required=False)
    survivor_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    survivor_address = forms.CharField(label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    survivor_safe_phone = forms.CharField(label=_("Safe phone number"), max_length=40, required=False)
    survivor_safe_times = forms.CharField(label=_("Safe times to call"), max_length=200, required=False)
    survivor_leave_no_messages = forms.BooleanField(label=_("Leave no messages"), required=False)
    survivor_disability = forms.ChoiceField(
        label=_("Disability"), choices=Disability.choices, initial=Disability.UNKNOWN
    )
    survivor_citizenship = forms.ChoiceField(
        label=_("Citizenship"), choices=Citizenship.choices, initial=Citizenship.NATIONAL
    )
    # Possible duplicates: the worker links the case to an existing person or confirms a new one.
    use_existing_person = forms.IntegerField(required=False, widget=forms.HiddenInput)
    confirm_new_person = forms.BooleanField(label=_("This is a different person: register her anew"), required=False)

    # Step 2: household and alleged perpetrator.
    perpetrator_given_name = forms.CharField(label=_("Given name"), max_length=100, required=False)
    perpetrator_family_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    perpetrator_birth_year = forms.IntegerField(
        label=_("Year of birth"), required=False, min_value=1900, max_value=2100
    )
    perpetrator_sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.MALE)
    perpetrator_relationship = forms.ChoiceField(
        label=_("Relationship to the survivor"), choices=[("", "—"), *Relationship.choices], required=False
    )
    child_1_given_name = forms.CharField(label=_("Child's given name"), max_length=100, required=False)
    child_1_birth_date = forms.DateField(
        label=_("Child's date of birth"), required=False, widget=DATE, validators=[_no_future_date]
    )
    child_2_given_name = forms.CharField(label=_("Child's given name"), max_length=100, required=False)
    child_2_birth_date = forms.DateField(
        label=_("Child's date of birth"), required=False, widget=DATE, validators=[_no_future_date]
    )
    child_3_given_name = forms.CharField(label=_("Child's given name"), max_length=100, required=False)
    child_3_birth_date = forms.DateField(
        label=_("Child's date of birth"), required=False, widget=DATE, validators=[_no_future_date]
    )

    # Step 3: incident.
    incident_occurred_at = forms.DateTimeField(
        label=_("When did it happen?"), widget=DATETIME, validators=[_no_future_datetime]
    )
    incident_reported_at = forms.DateTimeField(
        label=_("When was it reported?"), widget=DATETIME, validators=[_no_future_datetime]
    )
    incident_place_type = forms.ChoiceField(label=_("Where did it happen?"), choices=PlaceType.choices)
    incident_acts = forms.MultipleChoiceField(
        label=_("What happened?"), choices=ViolenceAct.choices, widget=forms.CheckboxSelectMultiple
    )
    incident_injury = forms.ChoiceField(label=_("Injuries"), choices=Injury.choices, initial=Injury.UNKNOWN)
    incident_weapon = forms.ChoiceField(label=_("Weapon"), choices=Weapon.choices, initial=Weapon.UNKNOWN)
    incident_children_present = forms.BooleanField(label=_("Children were present"), required=False)
    incident_children_witnessed = forms.BooleanField(label=_("Children saw or heard it"), required=False)
    incident_narrative = forms.CharField(
        label=_("What happened, in the survivor's words"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    # Step 4: consent.
    consent_method = forms.ChoiceField(label=_("How was consent given?"), choices=ConsentMethod.choices)
    consent_services = forms.BooleanField(label=_("She agrees to receive services from your agency"), required=False)
    consent_sharing_kinds: forms.ModelMultipleChoiceField = NamedMultipleChoiceField(
        label=_("She agrees that her information is shared with these kinds of agency"),
        queryset=AgencyKind.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent_statistics = forms.BooleanField(label=_("She agrees to anonymised statistics"), required=False)

    STEPS = (
        (_("Survivor"), "survivor"),
        (_("Household and alleged perpetrator"), "household"),
        (_("Incident"), "incident"),
        (_("Consent"), "consent"),
    )

    def __init__(self, *args, territories, agency_kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories
        self.fields["consent_sharing_kinds"].queryset = agency_kinds

    def clean(self):
        cleaned = super().clean() or {}
        occurred, reported = cleaned.get("incident_occurred_at"), cleaned.get("incident_reported_at")
        if occurred and reported and reported < occurred:
            self.add_error("incident_reported_at", _("The report cannot come before the incident."))
        birth = cleaned.get("survivor_birth_date")
        if birth and occurred and occurred.date() < birth:
            self.add_error("incident_occurred_at", _("The incident cannot be before the survivor's date of birth."))
        return cleaned

    def fields_of(self, step: str) -> list:
        prefixes = {
            "survivor": ("territory", "survivor_", "confirm_new_person"),
            "household": ("perpetrator_", "child_"),
            "incident": ("incident_",),
            "consent": ("consent_",),
        }[step]
        return [self[name] for name in self.fields if name.startswith(prefixes) and name != "use_existing_person"]

    def survivor_values(self) -> dict:
        data = self.cleaned_data
        keys = (
            "given_name",
            "family_name",
            "patronymic",
            "birth_date",
            "sex",
            "national_id",
            "phone",
            "address",
            "safe_phone",
            "safe_times",
            "leave_no_messages",
            "disability",
            "citizenship",
        )
        return {key: data[f"survivor_{key}"] for key in keys}

    def perpetrator_values(self) -> dict:
        data = self.cleaned_data
        return {key: data[f"perpetrator_{key}"] for key in ("given_name", "family_name", "birth_year", "sex")}

    def children_values(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "given_name": data[f"child_{n}_given_name"],
                "birth_date": data[f"child_{n}_birth_date"],
                "sex": Sex.UNKNOWN,
                "lives_with_survivor": True,
            }
            for n in (1, 2, 3)
            if data.get(f"child_{n}_given_name")
        ]

    def incident_values(self, territory: Territory, agency: Agency) -> dict:
        data = self.cleaned_data
        return {
            "occurred_at": data["incident_occurred_at"],
            "reported_at": data["incident_reported_at"],
            "place_type": data["incident_place_type"],
            "territory": territory,
            "acts": data["incident_acts"],
            "reporting_agency": agency,
            "injury": data["incident_injury"],
            "weapon": data["incident_weapon"],
            "children_present": data["incident_children_present"],
            "children_witnessed": data["incident_children_witnessed"],
            "narrative": data["incident_narrative"],
        }


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))
    is_sensitive = forms.BooleanField(
        label=_("Sensitive: only for agencies allowed to see sensitive details"), required=False
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    kind = forms.ChoiceField(label=_("Kind of document"), choices=AttachmentKind.choices)
    is_sensitive = forms.BooleanField(label=_("Sensitive"), required=False)


class IncidentForm(forms.Form):
    occurred_at = forms.DateTimeField(label=_("When did it happen?"), widget=DATETIME, validators=[_no_future_datetime])
    reported_at = forms.DateTimeField(
        label=_("When was it reported?"), widget=DATETIME, validators=[_no_future_datetime]
    )
    place_type = forms.ChoiceField(label=_("Where did it happen?"), choices=PlaceType.choices)
    territory: forms.ModelChoiceField = NamedChoiceField(label=_("District or city"), queryset=Territory.objects.none())
    acts = forms.MultipleChoiceField(
        label=_("What happened?"), choices=ViolenceAct.choices, widget=forms.CheckboxSelectMultiple
    )
    perpetrators: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Alleged perpetrators"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    injury = forms.ChoiceField(label=_("Injuries"), choices=Injury.choices, initial=Injury.UNKNOWN)
    weapon = forms.ChoiceField(label=_("Weapon"), choices=Weapon.choices, initial=Weapon.UNKNOWN)
    children_present = forms.BooleanField(label=_("Children were present"), required=False)
    children_witnessed = forms.BooleanField(label=_("Children saw or heard it"), required=False)
    reporting_agency: forms.ModelChoiceField = NamedChoiceField(label=_("Reported to"), queryset=Agency.objects.none())
    narrative = forms.CharField(
        label=_("What happened, in the survivor's words"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    sexual_violence_details = forms.CharField(
        label=_("Sexual violence details"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    medical_details = forms.CharField(
        label=_("Medical details"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, case, territories, agencies, nearby=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories
        self.fields["reporting_agency"].queryset = agencies
        offer_nearby(self, "reporting_agency", nearby)
        self.fields["perpetrators"].queryset = case.participants.filter(role=ParticipantRole.ALLEGED_PERPETRATOR)
        self.fields["perpetrators"].label_from_instance = lambda p: p.person.full_name


class ParticipantForm(PersonFields):
    role = forms.ChoiceField(
        label=_("Role in the case"), choices=[c for c in ParticipantRole.choices if c[0] != ParticipantRole.SURVIVOR]
    )
    relationship = forms.ChoiceField(
        label=_("Relationship to the survivor"), choices=[("", "—"), *Relationship.choices], required=False
    )
    lives_with_survivor = forms.BooleanField(label=_("Lives with the survivor"), required=False)


class ConsentForm(forms.Form):
    participant: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Whose consent"), queryset=None)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    recipient_agency: forms.ModelChoiceField = NamedChoiceField(
        label=_("Recipient agency"), queryset=Agency.objects.none(), required=False
    )
    recipient_kind: forms.ModelChoiceField = NamedChoiceField(
        label=_("or recipient kind of agency"), queryset=AgencyKind.objects.none(), required=False
    )
    method = forms.ChoiceField(label=_("How was consent given?"), choices=ConsentMethod.choices)
    includes_sensitive = forms.BooleanField(label=_("Includes sensitive details"), required=False)
    caregiver: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Caregiver who consents (for a child)"), queryset=None, required=False
    )
    child_assent = forms.BooleanField(label=_("The child agrees"), required=False)

    def __init__(self, *args, case, agencies, agency_kinds, nearby=None, **kwargs):
        super().__init__(*args, **kwargs)
        participants = case.participants.select_related("person")
        for name in ("participant", "caregiver"):
            self.fields[name].queryset = participants
            self.fields[name].label_from_instance = lambda p: f"{p.person.full_name} ({p.get_role_display()})"
        self.fields["recipient_agency"].queryset = agencies
        offer_nearby(self, "recipient_agency", nearby)
        self.fields["recipient_kind"].queryset = agency_kinds


class ShareForm(forms.Form):
    agency: forms.ModelChoiceField = NamedChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    consent: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("On the survivor's consent"), queryset=None, required=False
    )
    legal_exception = forms.ChoiceField(
        label=_("or on a legal exception"), choices=[("", "—"), *LegalException.choices], required=False
    )
    justification = forms.CharField(
        label=_("Justification for the exception"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, consents, agencies, nearby=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        offer_nearby(self, "agency", nearby)
        self.fields["consent"].queryset = consents
        self.fields["consent"].label_from_instance = lambda c: (
            f"{c.recipient_agency or c.recipient_kind} ({date_format(localtime(c.recorded_at), 'SHORT_DATE_FORMAT')})"
        )


class LeadWorkerForm(forms.Form):
    lead_worker: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Lead worker"), queryset=None, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        from concord.accounts.selectors import case_staff_of

        field = self.fields["lead_worker"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = case_staff_of(agency)
        field.label_from_instance = lambda user: user.full_name or user.email


class CaseMoveForm(forms.Form):
    territory: forms.ModelChoiceField = NamedChoiceField(
        label=_("District or city where the survivor now lives"), queryset=Territory.objects.none()
    )

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories


class ClosureRequestForm(forms.Form):
    reason = forms.CharField(label=_("Reason for closing the case"), widget=forms.Textarea(attrs={"rows": 3}))


class BreakGlassForm(forms.Form):
    number = forms.CharField(label=_("Case number"), max_length=40)
    reason = forms.CharField(
        label=_("Why do you need this case now?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Your supervisor and the agency that owns the case are told at once."),
    )


class GoalForm(forms.Form):
    text = forms.CharField(label=_("Goal"), widget=forms.Textarea(attrs={"rows": 2}))


class TaskForm(forms.Form):
    goal: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Goal"), queryset=None)
    description = forms.CharField(label=_("Task"), max_length=500)
    responsible_agency: forms.ModelChoiceField = NamedChoiceField(
        label=_("Responsible agency"), queryset=Agency.objects.none()
    )
    due_on = forms.DateField(label=_("Due"), required=False, widget=DATE)

    def __init__(self, *args, goals, agencies, nearby=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals
        self.fields["goal"].label_from_instance = lambda g: g.text[:80]
        self.fields["responsible_agency"].queryset = agencies
        offer_nearby(self, "responsible_agency", nearby)


class PersonMergeForm(forms.Form):
    other = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why they are the same person"),
        help_text=_("What you compared: documents seen, a conversation with the other agency, the case history."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,  # the service says what is missing
    )


class DuplicateDismissForm(forms.Form):
    other = forms.IntegerField(widget=forms.HiddenInput)


class PersonUnmergeForm(forms.Form):
    merge = forms.IntegerField(widget=forms.HiddenInput)
