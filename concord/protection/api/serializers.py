"""Serializers of the protection API."""

from __future__ import annotations

from rest_framework import serializers

from concord.protection.choices import (
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
from concord.protection.models import Breach, MeasureType, MeasureVersion, Order, Proceeding, Qualification, Step


class MeasureVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeasureVersion
        fields = [
            "version", "effective_from", "deadlines", "duration", "extension", "renewable", "automatic_extension",
            "conditions", "reminders", "to_be_confirmed", "source",
        ]  # fmt: skip


class MeasureTypeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    versions = MeasureVersionSerializer(many=True, read_only=True)

    class Meta:
        model = MeasureType
        fields = ["id", "code", "name", "issuer_kind", "applicants", "versions"]


class QualificationSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Qualification
        fields = ["id", "code", "kind", "article", "name", "effective_from", "effective_to"]


class ConditionSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=Condition.choices)
    number = serializers.IntegerField(required=False, min_value=1, max_value=100000)


class BreachSerializer(serializers.ModelSerializer):
    conditions = serializers.ListField(child=serializers.ChoiceField(choices=Condition.choices))

    class Meta:
        model = Breach
        fields = [
            "id", "order", "occurred_at", "reported_by_kind", "conditions", "description", "response",
            "response_text", "agency", "recorded_at",
        ]  # fmt: skip
        read_only_fields = fields


class OrderSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True)
    measure = serializers.SlugRelatedField(slug_field="code", read_only=True)
    protected = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    conditions = ConditionSerializer(many=True, read_only=True)
    breaches = BreachSerializer(many=True, read_only=True)
    is_protecting = serializers.BooleanField(read_only=True)

    class Meta:
        model = Order
        fields = [
            "id", "case", "case_number", "territory", "measure", "rules_version", "applicant_kind", "applicant_agency",
            "respondent", "protected", "issuer", "applied_at", "status", "decision_due_at", "hearing_due_at",
            "hearing_at", "decided_at", "refusal_text", "notification_due_at", "served_at", "starts_at", "ends_at",
            "conditions", "previous", "relation", "automatically_extended_at", "appealed_at", "appeal_outcome",
            "ended_text", "document", "is_protecting", "breaches",
        ]  # fmt: skip
        read_only_fields = fields


class OrderApplySerializer(serializers.Serializer):
    case = serializers.IntegerField()
    measure = serializers.IntegerField()
    applicant_kind = serializers.ChoiceField(choices=ApplicantKind.choices)
    respondent = serializers.IntegerField()
    protected = serializers.ListField(child=serializers.IntegerField(), min_length=1, max_length=20)
    issuer = serializers.IntegerField()
    applied_at = serializers.DateTimeField()
    previous = serializers.IntegerField(required=False, allow_null=True)
    relation = serializers.ChoiceField(choices=[("replaces", "replaces"), ("renews", "renews")], required=False)


class OrderDecideSerializer(serializers.Serializer):
    issued = serializers.BooleanField()
    decided_at = serializers.DateTimeField()
    starts_at = serializers.DateTimeField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)
    conditions = ConditionSerializer(many=True, required=False)
    refusal_text = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class OrderExtendSerializer(serializers.Serializer):
    decided_at = serializers.DateTimeField()
    ends_on = serializers.DateField(required=False, allow_null=True)


class OrderRevokeSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)


class OrderAppealSerializer(serializers.Serializer):
    appealed_at = serializers.DateTimeField()


class OrderAppealDecisionSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=AppealOutcome.choices)
    decided_at = serializers.DateTimeField()
    text = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class OrderDatesSerializer(serializers.Serializer):
    hearing_at = serializers.DateTimeField(required=False, allow_null=True)
    served_at = serializers.DateTimeField(required=False, allow_null=True)


class BreachCreateSerializer(serializers.Serializer):
    occurred_at = serializers.DateTimeField()
    reported_by_kind = serializers.ChoiceField(choices=ApplicantKind.choices)
    conditions = serializers.ListField(child=serializers.ChoiceField(choices=Condition.choices), max_length=20)
    response = serializers.ChoiceField(choices=BreachResponse.choices)
    description = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    response_text = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class StepSerializer(serializers.ModelSerializer):
    class Meta:
        model = Step
        fields = ["id", "stage", "on", "body", "end_reason", "sanction", "sanction_text", "recorded_at"]
        read_only_fields = fields


class ProceedingSerializer(serializers.ModelSerializer):
    qualification = serializers.SlugRelatedField(slug_field="code", read_only=True)
    steps = StepSerializer(many=True, read_only=True)

    class Meta:
        model = Proceeding
        fields = [
            "id", "case", "incident", "kind", "body", "qualification", "reference", "stage", "stage_on", "steps",
        ]  # fmt: skip
        read_only_fields = fields


class ProceedingCreateSerializer(serializers.Serializer):
    incident = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ProceedingKind.choices)
    body = serializers.ChoiceField(choices=Body.choices)
    qualification = serializers.IntegerField()
    registered_on = serializers.DateField()
    reference = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class StepCreateSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    on = serializers.DateField()
    body = serializers.ChoiceField(choices=Body.choices)
    end_reason = serializers.ChoiceField(choices=EndReason.choices, required=False, allow_blank=True, default="")
    sanction = serializers.ChoiceField(choices=Sanction.choices, required=False, allow_blank=True, default="")
    sanction_text = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
