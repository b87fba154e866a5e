"""Serializers of the risk API."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from concord.cases.api.serializers import SensitiveMaskMixin
from concord.risk.choices import AssessmentSource
from concord.risk.models import Assessment, InstrumentVersion
from concord.risk.scoring import Level

LEVEL_NAMES = [level.name.lower() for level in Level]


class LevelField(serializers.ChoiceField):
    """Levels travel by name ("high"), not by their position on the scale."""

    def __init__(self, **kwargs):
        super().__init__(choices=LEVEL_NAMES, **kwargs)

    def to_representation(self, value):
        return None if value is None else Level(value).name.lower()

    def to_internal_value(self, data):
        return int(Level[str(super().to_internal_value(data)).upper()])


class InstrumentSerializer(serializers.ModelSerializer):
    items = serializers.SerializerMethodField()
    bands = serializers.SerializerMethodField()
    max_unknown = serializers.SerializerMethodField()
    overrides_allowed = serializers.BooleanField(read_only=True)

    class Meta:
        model = InstrumentVersion
        fields = [
            "id",
            "code",
            "version",
            "status",
            "method",
            "effective_from",
            "effective_to",
            "jurisdictions",
            "name",
            "licence_note",
            "max_unknown",
            "overrides_allowed",
            "items",
            "bands",
            "published_at",
        ]

    def get_items(self, instrument: InstrumentVersion) -> list[dict]:
        return instrument.definition["items"]

    def get_bands(self, instrument: InstrumentVersion) -> list[dict]:
        return instrument.definition["bands"]

    def get_max_unknown(self, instrument: InstrumentVersion) -> int:
        return instrument.parsed.max_unknown


class AssessmentSerializer(SensitiveMaskMixin, serializers.ModelSerializer):
    # What she answered, and what it revealed, is masked for agencies without access to the sensitive sections.
    sensitive_fields = ("answers", "red_flags", "driving_factors", "override_rationale", "lowering_reason")
    answers = serializers.DictField(child=serializers.CharField(), read_only=True)
    red_flags = serializers.ListField(child=serializers.CharField(), read_only=True)
    driving_factors = serializers.ListField(source="factors_present", child=serializers.CharField(), read_only=True)
    lowered_from = LevelField(read_only=True, allow_null=True)
    computed_level = LevelField(read_only=True, allow_null=True)
    override_level = LevelField(read_only=True, allow_null=True)
    final_level = LevelField(read_only=True, allow_null=True)
    assessor = serializers.PrimaryKeyRelatedField(read_only=True)
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "case",
            "survivor",
            "perpetrator",
            "instrument",
            "assessor",
            "agency",
            "source",
            "assessed_at",
            "answers",
            "score",
            "score_is_minimum",
            "unknown_count",
            "incomplete",
            "computed_level",
            "red_flags",
            "driving_factors",
            "override_level",
            "override_rationale",
            "final_level",
            "rules_version",
            "next_review_on",
            "lowered_from",
            "lowering_reason",
            "lowering",
            "lowering_decided_by",
            "lowering_decided_at",
        ]


class AssessmentCreateSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    instrument = serializers.IntegerField()
    source = serializers.ChoiceField(choices=AssessmentSource.choices)
    perpetrator = serializers.IntegerField(required=False, allow_null=True)
    answers = serializers.DictField(
        child=serializers.CharField(),
        help_text=_("Item code → yes, no, unknown or declined (a number for scale items)."),
    )
    override_level = LevelField(required=False, allow_null=True)
    override_rationale = serializers.CharField(required=False, allow_blank=True, default="")
    lowering_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Required when the result would lower the case's high or extreme level."),
    )


class LoweringDecisionSerializer(serializers.Serializer):
    confirm = serializers.BooleanField(help_text=_("True: the case takes the lower level; false: it keeps its own."))


class OverrideSerializer(serializers.Serializer):
    level = LevelField()
    rationale = serializers.CharField()
