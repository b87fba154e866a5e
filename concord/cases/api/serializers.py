from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from concord.cases.choices import (
    AttachmentKind,
    CaseContext,
    CaseStatus,
    Injury,
    LegalException,
    ParticipantRole,
    PlaceType,
    Relationship,
    ViolenceAct,
    Weapon,
)
from concord.cases.models import Attachment, Case, Consent, Incident, Note, Participant
from concord.people.models import Person, PersonMerge

SENSITIVE_PERSON_FIELDS = ("phone", "address", "safe_phone", "safe_times")
MASK = None


class SensitiveMaskMixin:
    """Blanks the sensitive fields of an object unless the reader may see its case's sensitive sections. The
    view puts the set of such case ids in the context (one query for a whole page)."""

    sensitive_fields: tuple[str, ...] = ()

    def case_id_of(self, instance) -> int:
        return instance.case_id

    def to_representation(self, instance):
        data = super().to_representation(instance)
        allowed = self.context.get("sensitive_case_ids", set())
        if self.case_id_of(instance) not in allowed:
            for field in self.sensitive_fields:
                if field in data:
                    data[field] = MASK
        return data


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = [
            "id",
            "given_name",
            "family_name",
            "patronymic",
            "birth_date",
            "birth_year",
            "sex",
            "national_id",
            "phone",
            "email",
            "address",
            "safe_phone",
            "safe_times",
            "leave_no_messages",
            "disability",
            "citizenship",
            "residence_territory",
        ]


class ParticipantSerializer(SensitiveMaskMixin, serializers.ModelSerializer):
    person = PersonSerializer(read_only=True)

    class Meta:
        model = Participant
        fields = ["id", "case", "person", "role", "relationship", "lives_with_survivor"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        allowed = self.context.get("sensitive_case_ids", set())
        if instance.role == ParticipantRole.SURVIVOR and instance.case_id not in allowed:
            for field in SENSITIVE_PERSON_FIELDS:
                data["person"][field] = MASK
        return data


class ParticipantCreateSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    role = serializers.ChoiceField(choices=[c for c in ParticipantRole.choices if c[0] != ParticipantRole.SURVIVOR])
    relationship = serializers.ChoiceField(choices=Relationship.choices, required=False, default="")
    lives_with_survivor = serializers.BooleanField(required=False, default=False)
    person = PersonSerializer()


class CaseSerializer(serializers.ModelSerializer):
    territory = serializers.SlugRelatedField(slug_field="code", read_only=True)
    owning_agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    survivor = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "status",
            "territory",
            "owning_agency",
            "lead_worker",
            "opened_at",
            "closed_at",
            "closure_requested_at",
            "survivor",
            "risk_level",
            "risk_assessed_at",
            "next_risk_review_on",
        ]

    def get_survivor(self, case: Case) -> int | None:
        survivors = getattr(case, "survivors", None)
        return survivors[0].person_id if survivors else None


class CaseCreateSerializer(serializers.Serializer):
    territory = serializers.CharField(help_text=_("Code of the district or city."))
    survivor = PersonSerializer()


class IncidentSerializer(SensitiveMaskMixin, serializers.ModelSerializer):
    sensitive_fields = ("narrative", "sexual_violence_details", "medical_details")
    territory = serializers.SlugRelatedField(slug_field="code", read_only=True)
    reporting_agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    contexts = serializers.ListField(child=serializers.ChoiceField(choices=CaseContext.choices), read_only=True)

    class Meta:
        model = Incident
        fields = [
            "id",
            "case",
            "occurred_at",
            "reported_at",
            "place_type",
            "territory",
            "acts",
            "injury",
            "weapon",
            "children_present",
            "children_witnessed",
            "reporting_agency",
            "perpetrators",
            "narrative",
            "sexual_violence_details",
            "medical_details",
            "gbvims_type",
            "contexts",
            "report_delay_days",
            "is_repeat",
            "is_escalation",
            "flag_rules_version",
        ]


class IncidentCreateSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    occurred_at = serializers.DateTimeField()
    reported_at = serializers.DateTimeField()
    place_type = serializers.ChoiceField(choices=PlaceType.choices)
    territory = serializers.CharField(help_text=_("Code of the district or city."))
    acts = serializers.ListField(child=serializers.ChoiceField(choices=ViolenceAct.choices), allow_empty=False)
    injury = serializers.ChoiceField(choices=Injury.choices)
    weapon = serializers.ChoiceField(choices=Weapon.choices)
    children_present = serializers.BooleanField(required=False, default=False)
    children_witnessed = serializers.BooleanField(required=False, default=False)
    reporting_agency = serializers.CharField(help_text=_("Code of the agency."))
    perpetrators = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    narrative = serializers.CharField(required=False, allow_blank=True, default="")
    sexual_violence_details = serializers.CharField(required=False, allow_blank=True, default="")
    medical_details = serializers.CharField(required=False, allow_blank=True, default="")


class NoteSerializer(serializers.ModelSerializer):
    author = serializers.SlugRelatedField(slug_field="email", read_only=True)
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Note
        fields = ["id", "case", "text", "is_sensitive", "author", "agency", "created_at"]
        read_only_fields = ["author", "agency", "created_at"]


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attachment
        fields = ["id", "case", "kind", "original_name", "content_type", "size", "is_sensitive", "uploaded_at"]


class AttachmentCreateSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    file = serializers.FileField()
    kind = serializers.ChoiceField(choices=AttachmentKind.choices)
    is_sensitive = serializers.BooleanField(required=False, default=False)


class ConsentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Consent
        fields = [
            "id",
            "case",
            "participant",
            "purpose",
            "recipient_agency",
            "recipient_kind",
            "method",
            "given_by",
            "caregiver",
            "child_assent",
            "includes_sensitive",
            "recorded_at",
            "withdrawn_at",
        ]
        read_only_fields = ["given_by", "recorded_at", "withdrawn_at"]


class ShareSerializer(serializers.Serializer):
    agency = serializers.CharField(help_text=_("Code of the agency."))
    consent = serializers.IntegerField(required=False, allow_null=True)
    legal_exception = serializers.ChoiceField(
        choices=LegalException.choices, required=False, allow_blank=True, default=""
    )
    justification = serializers.CharField(required=False, allow_blank=True, default="")


class MoveSerializer(serializers.Serializer):
    territory = serializers.CharField(
        max_length=40, help_text=_("Code of the district or city where the survivor now lives.")
    )


class TransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CaseStatus.choices)


class ClosureRequestSerializer(serializers.Serializer):
    reason = serializers.CharField()


class ClosureDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()


SEARCH_LIMIT = 50


class CaseSearchSerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=200, help_text=_("A case number, national ID or phone number, or a given and family name.")
    )


class PersonMatchQuerySerializer(serializers.Serializer):
    given_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    family_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    patronymic = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    birth_date = serializers.DateField(required=False, allow_null=True, default=None)
    national_id = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        if not (attrs["given_name"].strip() or attrs["national_id"].strip() or attrs["phone"].strip()):
            raise serializers.ValidationError(_("Give a name, a national ID number or a phone number."))
        return attrs


class PersonMatchSerializer(serializers.Serializer):
    band = serializers.ChoiceField(choices=[("same", _("Same person")), ("possible", _("Possibly the same person"))])
    score = serializers.FloatField(min_value=0, max_value=1)
    person = serializers.IntegerField(
        allow_null=True, help_text=_("The person's id, where she is in a case you may see; otherwise null.")
    )
    cases = serializers.ListField(child=serializers.CharField(), help_text=_("Numbers of the cases you may see."))
    hidden_cases = serializers.IntegerField(help_text=_("How many of her cases you may not see."))


class PersonMatchResultSerializer(serializers.Serializer):
    candidates = PersonMatchSerializer(many=True)


class PersonCaseSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    number = serializers.CharField()
    role = serializers.ChoiceField(choices=ParticipantRole.choices)


class RecordIncidentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.IntegerField()
    occurred_at = serializers.DateTimeField()
    gbvims_type = serializers.CharField()


class RecordEntrySerializer(serializers.Serializer):
    case = serializers.IntegerField()
    when = serializers.CharField(help_text=_("Date or date and time, ISO 8601."))
    title = serializers.CharField()
    detail = serializers.CharField(allow_blank=True)


class PersonRecordSerializer(serializers.Serializer):
    cases = PersonCaseSerializer(many=True, help_text=_("The person's cases you may see, with the role in each."))
    other_cases = serializers.IntegerField(help_text=_("How many other cases the person is in (never which agency's)."))
    incidents = RecordIncidentSerializer(
        many=True, help_text=_("Incidents in the cases you may see where the person is an alleged perpetrator.")
    )
    entries = RecordEntrySerializer(many=True, help_text=_("Protection orders, breaches and the like."))


class PersonMergeRequestSerializer(serializers.Serializer):
    other = serializers.IntegerField(help_text=_("The record to merge into this person."))
    reason = serializers.CharField(max_length=2000)


class PersonUnmergeRequestSerializer(serializers.Serializer):
    merge = serializers.IntegerField()


class DuplicateDismissRequestSerializer(serializers.Serializer):
    other = serializers.IntegerField()


class PersonMergeSerializer(serializers.ModelSerializer):
    class Meta:
        model = PersonMerge
        fields = ["id", "kept", "merged", "participations", "merged_at", "undone_at"]


class PossibleDuplicateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.IntegerField(help_text=_("Your agency's record."))
    other = serializers.IntegerField(allow_null=True, help_text=_("The other record, where you may see it."))
    band = serializers.ChoiceField(choices=[("same", _("Same person")), ("possible", _("Possibly the same person"))])
    score = serializers.FloatField(min_value=0, max_value=1)
    found_at = serializers.DateTimeField()
