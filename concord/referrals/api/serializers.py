"""Serializers of the referrals API."""

from __future__ import annotations

from rest_framework import serializers

from concord.cases.choices import LegalException
from concord.referrals.choices import (
    ContactChannel,
    ContactOutcome,
    DeclineReason,
    Outcome,
    SharedSection,
    Urgency,
)
from concord.referrals.models import AgencyService, ContactAttempt, Hotline, Referral, ServiceType


class ServiceTypeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = ServiceType
        fields = ["id", "code", "sector", "name"]


class AgencyServiceSerializer(serializers.ModelSerializer):
    service_type = serializers.SlugRelatedField(slug_field="code", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    agency_kind = serializers.CharField(source="agency.kind.code", read_only=True)
    areas = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    hours = serializers.CharField(source="hours_text", read_only=True)

    class Meta:
        model = AgencyService
        fields = [
            "id",
            "service_type",
            "agency",
            "agency_name",
            "agency_kind",
            "areas",
            "hours",
            "languages",
            "eligibility",
            "min_age",
            "max_age",
            "phone",
            "places_total",
            "places_free",
            "places_updated_at",
        ]


class HotlineSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    hours = serializers.CharField(source="hours_text", read_only=True)

    class Meta:
        model = Hotline
        fields = ["id", "code", "kind", "number", "name", "hours", "is_free"]


class ContactAttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContactAttempt
        fields = ["id", "attempted_at", "channel", "outcome", "note", "recorded_by", "recorded_at"]


class ReferralSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True)
    service_type = serializers.SlugRelatedField(slug_field="code", read_only=True)
    pathway = serializers.SlugRelatedField(slug_field="code", read_only=True)
    pathway_version = serializers.CharField(source="pathway.version", read_only=True, default=None)
    attempts = ContactAttemptSerializer(many=True, read_only=True)
    shared_sections = serializers.ListField(child=serializers.ChoiceField(choices=SharedSection.choices))

    class Meta:
        model = Referral
        fields = [
            "id",
            "case",
            "case_number",
            "service",
            "service_type",
            "to_agency",
            "from_agency",
            "sent_by",
            "sent_at",
            "urgency",
            "reason",
            "shared_sections",
            "safe_contact",
            "consent",
            "legal_exception",
            "justification",
            "pathway",
            "pathway_version",
            "state",
            "rules_version",
            "acknowledge_due_at",
            "first_contact_due_at",
            "expires_at",
            "due_at",
            "escalation_level",
            "answered_at",
            "decline_reason",
            "decline_text",
            "first_contact_at",
            "outcome",
            "completed_at",
            "end_text",
            "reassigned_from",
            "attempts",
        ]
        read_only_fields = fields


class ReferralCreateSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    service = serializers.IntegerField()
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    reason = serializers.CharField(max_length=4000)
    shared_sections = serializers.ListField(
        child=serializers.ChoiceField(choices=SharedSection.choices), required=False, max_length=10
    )
    safe_contact = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    consent = serializers.IntegerField(required=False, allow_null=True)
    legal_exception = serializers.ChoiceField(choices=LegalException.choices, required=False, allow_blank=True)
    justification = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class DeclineSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=DeclineReason.choices)
    text = serializers.CharField(max_length=4000)


class CompleteSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    text = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000)


class ReassignSerializer(serializers.Serializer):
    service = serializers.IntegerField()
    reason = serializers.CharField(max_length=4000)


class AttemptSerializer(serializers.Serializer):
    attempted_at = serializers.DateTimeField()
    channel = serializers.ChoiceField(choices=ContactChannel.choices)
    outcome = serializers.ChoiceField(choices=ContactOutcome.choices)
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class PlacesSerializer(serializers.Serializer):
    places_free = serializers.IntegerField(min_value=0, max_value=10000)
