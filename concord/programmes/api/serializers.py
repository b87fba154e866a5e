"""Serializers of the programmes API. An enrolment read by the programme's provider carries no case id: the provider
never reaches the case."""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

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
from concord.programmes.models import (
    Campaign,
    CampaignActivity,
    CampaignProgramme,
    Enrolment,
    Material,
    MaterialVersion,
    Programme,
    ProgrammeRules,
    ProgrammeSession,
    ProgrammeType,
    TrainingPlan,
    TrainingSession,
)

# The largest id a row can have: a larger one is refused before it reaches the database (SQLite would overflow).
MAX_ID = 2**63 - 1


class ProgrammeRulesSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgrammeRules
        fields = [
            "version", "effective_from", "required_by", "first_contact", "sessions", "hours", "absences",
            "to_be_confirmed", "source",
        ]  # fmt: skip


class ProgrammeTypeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    versions = ProgrammeRulesSerializer(many=True, read_only=True)

    class Meta:
        model = ProgrammeType
        fields = ["id", "code", "name", "provider_kinds", "versions"]


class ProgrammeSerializer(serializers.ModelSerializer):
    programme_type = serializers.SlugRelatedField(slug_field="code", read_only=True)
    attending = serializers.IntegerField(read_only=True)

    class Meta:
        model = Programme
        fields = [
            "id", "programme_type", "provider", "name", "sessions", "hours", "capacity", "curriculum", "is_active",
            "attending",
        ]  # fmt: skip


class ProgrammeWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    sessions = serializers.IntegerField(min_value=1, max_value=500)
    hours = serializers.IntegerField(min_value=1, max_value=2000)
    capacity = serializers.IntegerField(min_value=1, max_value=1000)
    curriculum = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class ProgrammeCreateSerializer(ProgrammeWriteSerializer):
    programme_type = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class ProgrammeUpdateSerializer(ProgrammeWriteSerializer):
    is_active = serializers.BooleanField(default=True)


class EnrolmentSerializer(serializers.ModelSerializer):
    case = serializers.SerializerMethodField(help_text="The case, for its agencies; null for the programme's provider.")
    programme_type = serializers.SlugRelatedField(slug_field="code", read_only=True)
    person_name = serializers.SerializerMethodField()
    present = serializers.SerializerMethodField()
    absent = serializers.SerializerMethodField()
    excused = serializers.SerializerMethodField()

    class Meta:
        model = Enrolment
        fields = [
            "id", "case", "participant", "person_name", "programme_type", "rules_version", "programme", "basis",
            "imposed_by", "reference", "required_at", "required_until", "first_contact_due_at", "requesting_agency",
            "status", "status_changed_at", "enrolled_at", "first_contact_at", "ended_at", "end_reason", "end_text",
            "present", "absent", "excused",
        ]  # fmt: skip

    def _case_side(self, obj: Enrolment) -> bool:
        return obj.case_id in self.context.get("case_side_ids", set())

    def get_case(self, obj: Enrolment) -> int | None:
        return obj.case_id if self._case_side(obj) else None

    def get_person_name(self, obj: Enrolment) -> str:
        return obj.participant.person.full_name

    def _count(self, obj: Enrolment, presence: str) -> int:
        return self.context.get("counts", {}).get(obj.pk, {}).get(presence, 0)

    def get_present(self, obj: Enrolment) -> int:
        return self._count(obj, Presence.PRESENT)

    def get_absent(self, obj: Enrolment) -> int:
        return self._count(obj, Presence.ABSENT)

    def get_excused(self, obj: Enrolment) -> int:
        return self._count(obj, Presence.EXCUSED)


class EnrolmentRequestSerializer(serializers.Serializer):
    case = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    participant = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    programme = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    basis = serializers.ChoiceField(choices=[(b, Basis(b).label) for b in RECORDED_BASES])
    reference = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class EnrolmentChooseSerializer(serializers.Serializer):
    programme = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class EnrolmentWithdrawSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)


class EnrolmentEnrolSerializer(serializers.Serializer):
    first_contact_at = serializers.DateTimeField()


class EnrolmentDeclineSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=reason_choices(DECLINE_REASONS))
    text = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class EnrolmentCompleteSerializer(serializers.Serializer):
    completed_at = serializers.DateTimeField()


class EnrolmentLeaveSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[(s, EnrolmentStatus(s).label) for s in LEFT])
    reason = serializers.ChoiceField(choices=reason_choices(LEAVING_REASONS))
    left_at = serializers.DateTimeField()
    text = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class AttendanceMarkSerializer(serializers.Serializer):
    enrolment = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    presence = serializers.ChoiceField(choices=Presence.choices)


class SessionCreateSerializer(serializers.Serializer):
    held_at = serializers.DateTimeField()
    hours = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=Decimal("0.5"), max_value=Decimal("12"))
    topic = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    attendance = AttendanceMarkSerializer(many=True, allow_empty=False, max_length=1000)


class SessionSerializer(serializers.ModelSerializer):
    attendance = serializers.SerializerMethodField()

    class Meta:
        model = ProgrammeSession
        fields = ["id", "programme", "held_at", "hours", "topic", "attendance"]

    @extend_schema_field(AttendanceMarkSerializer(many=True))
    def get_attendance(self, obj: ProgrammeSession) -> list[dict]:
        return [{"enrolment": row.enrolment_id, "presence": row.presence} for row in obj.attendance.all()]


# ---- trainings ------------------------------------------------------------------------------------------------


class TrainingPlanSerializer(serializers.ModelSerializer):
    held = serializers.IntegerField(read_only=True)

    class Meta:
        model = TrainingPlan
        fields = [
            "id", "owner", "territory", "year", "audience", "title", "topics", "target_people", "target_sessions",
            "held",
        ]  # fmt: skip


class TrainingPlanWriteSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    audience = serializers.ChoiceField(choices=Audience.choices)
    title = serializers.CharField(max_length=200)
    topics = serializers.ListField(child=serializers.CharField(max_length=200), min_length=1, max_length=20)
    target_people = serializers.IntegerField(min_value=1, max_value=100000)
    target_sessions = serializers.IntegerField(min_value=1, max_value=1000)


class ByKindAndSexSerializer(serializers.Serializer):
    kind = serializers.CharField()
    female = serializers.IntegerField()
    male = serializers.IntegerField()
    unknown = serializers.IntegerField()
    total = serializers.IntegerField()


class ScoresSerializer(serializers.Serializer):
    n = serializers.IntegerField(help_text="People tested both before and after.")
    before = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    after = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    change = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    improved = serializers.IntegerField()


class PlanReportSerializer(serializers.Serializer):
    sessions = serializers.IntegerField()
    hours = serializers.DecimalField(max_digits=8, decimal_places=1)
    people = serializers.IntegerField()
    topics_covered = serializers.ListField(child=serializers.CharField())
    by_kind_and_sex = ByKindAndSexSerializer(many=True)
    scores = ScoresSerializer()


class TrainingSessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = TrainingSession
        fields = ["id", "plan", "starts_at", "hours", "trainer", "online", "place", "topics"]


class TrainingSessionCreateSerializer(serializers.Serializer):
    plan = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    starts_at = serializers.DateTimeField()
    hours = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=Decimal("0.5"), max_value=Decimal("12"))
    trainer = serializers.CharField(max_length=200)
    online = serializers.BooleanField(default=False)
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    topics = serializers.ListField(child=serializers.CharField(max_length=200), min_length=1, max_length=20)


class TraineeSerializer(serializers.Serializer):
    user = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True, default=None)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    organisation = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    role = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    agency_kind = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    sex = serializers.ChoiceField(choices=Sex.choices, default=Sex.UNKNOWN)
    attended = serializers.BooleanField(default=True)
    pre_score = serializers.DecimalField(
        max_digits=5, decimal_places=1, min_value=Decimal(0), max_value=Decimal(100), required=False, allow_null=True
    )
    post_score = serializers.DecimalField(
        max_digits=5, decimal_places=1, min_value=Decimal(0), max_value=Decimal(100), required=False, allow_null=True
    )


class CoverageLineSerializer(serializers.Serializer):
    label = serializers.CharField()
    people = serializers.IntegerField()
    trained = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True)


class CoverageSerializer(serializers.Serializer):
    territory = serializers.IntegerField(source="territory.pk")
    since = serializers.DateField()
    groups = CoverageLineSerializer(many=True)
    police = CoverageLineSerializer()
    people = serializers.IntegerField()
    by_kind_and_sex = ByKindAndSexSerializer(many=True)
    scores = ScoresSerializer()


# ---- the materials library and the awareness campaigns ----------------------------------------------------------


class MaterialVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = MaterialVersion
        fields = ["id", "version", "language", "file_name", "content_type", "size", "downloads", "uploaded_at"]


class MaterialSerializer(serializers.ModelSerializer):
    versions = MaterialVersionSerializer(many=True, read_only=True)

    class Meta:
        model = Material
        fields = ["id", "owner", "kind", "title", "description", "versions"]


class MaterialCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MaterialKind.choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class MaterialUploadSerializer(serializers.Serializer):
    version = serializers.CharField(max_length=40)
    language = serializers.CharField(max_length=8)
    file = serializers.FileField()


class CampaignProgrammeSerializer(serializers.ModelSerializer):
    class Meta:
        model = CampaignProgramme
        fields = ["id", "owner", "territory", "title", "starts_on", "ends_on", "objectives"]


class CampaignProgrammeCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    objectives = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class CampaignActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = CampaignActivity
        fields = ["id", "channel", "title", "starts_on", "ends_on", "territory", "reach", "materials"]


class CampaignSerializer(serializers.ModelSerializer):
    activities = CampaignActivitySerializer(many=True, read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "programme",
            "title",
            "objectives",
            "audiences",
            "channels",
            "starts_on",
            "ends_on",
            "activities",
        ]


class CampaignCreateSerializer(serializers.Serializer):
    programme = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    title = serializers.CharField(max_length=200)
    objectives = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    audiences = serializers.ListField(child=serializers.ChoiceField(choices=PublicAudience.choices), min_length=1)
    channels = serializers.ListField(child=serializers.ChoiceField(choices=Channel.choices), min_length=1)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class CampaignActivityCreateSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices)
    title = serializers.CharField(max_length=200)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    territory = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    reach = serializers.IntegerField(min_value=0, max_value=100_000_000)
    materials = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False, default=list
    )


class ReachChannelSerializer(serializers.Serializer):
    channel = serializers.CharField()
    activities = serializers.IntegerField()
    people = serializers.IntegerField()


class ReachSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="People reached by all the activities.")
    activities = serializers.IntegerField()
    by_channel = serializers.SerializerMethodField()

    @extend_schema_field(ReachChannelSerializer(many=True))
    def get_by_channel(self, obj) -> list[dict]:
        return [{"channel": label, "activities": n, "people": people} for label, n, people in obj.by_channel]
