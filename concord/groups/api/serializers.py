"""Serializers of the monitoring-group API. Case data goes out as case ids and numbers; a case's summary is read on
its page, after the confidentiality statement."""

from __future__ import annotations

from rest_framework import serializers

from concord.groups.choices import ActionStatus, FamilyOutcome, MeetingKind, NotDoneReason, Presence
from concord.groups.models import Action, AgendaItem, Attendance, Contribution, Family, Group, Meeting, Member
from concord.groups.selectors import reason_rows


class MemberSerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = Member
        fields = ["id", "agency", "agency_name", "representative", "deputy", "is_optional", "joined_on"]


class GroupSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="kind.code", read_only=True)
    kind_name = serializers.CharField(source="kind.name", read_only=True)
    territory_name = serializers.CharField(source="territory.name", read_only=True)
    members = serializers.SerializerMethodField()

    class Meta:
        model = Group
        fields = ["id", "kind", "kind_name", "territory", "territory_name", "language", "chair", "secretary", "members"]

    def get_members(self, group: Group) -> list[dict]:
        rows = [m for m in group.members.all() if m.left_on is None]
        return MemberSerializer(rows, many=True).data  # type: ignore[return-value]


class MemberWriteSerializer(serializers.Serializer):
    agency = serializers.IntegerField()
    representative = serializers.IntegerField(required=False, allow_null=True)
    deputy = serializers.IntegerField(required=False, allow_null=True)


class AttendanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["member", "presence", "attendee", "substitute_name"]


class MeetingSerializer(serializers.ModelSerializer):
    attendances = AttendanceSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id", "group", "kind", "scheduled_at", "place", "status", "agenda_sent_at", "held_at", "minutes_due_on",
            "minutes_approved_at", "minutes_distributed_at", "attendances",
        ]  # fmt: skip
        read_only_fields = fields


class MeetingPlanSerializer(serializers.Serializer):
    group = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=MeetingKind.choices, default=MeetingKind.REGULAR)
    scheduled_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class AttendanceRowSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    presence = serializers.ChoiceField(choices=Presence.choices)
    attendee = serializers.IntegerField(required=False, allow_null=True)
    substitute_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class AttendanceWriteSerializer(serializers.Serializer):
    rows = AttendanceRowSerializer(many=True)


class HoldSerializer(serializers.Serializer):
    chaired_by = serializers.IntegerField(required=False, allow_null=True)


class ReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    detail = serializers.CharField()


class ContributionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contribution
        fields = ["id", "agency", "text", "created_at"]


class AgendaItemSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True)
    reasons = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()
    contributions = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = [
            "id", "meeting", "case", "case_number", "position", "reasons", "decision", "discussed", "family",
            "summary_until", "contributions",
        ]  # fmt: skip

    def get_reasons(self, item: AgendaItem) -> list[dict[str, str]]:
        return reason_rows(item)

    def _open(self, item: AgendaItem) -> bool:
        """Decisions and agency information go to those who accepted the meeting's confidentiality statement."""
        return item.meeting_id in self.context.get("accepted_meetings", set())

    def get_decision(self, item: AgendaItem) -> str:
        return item.decision if self._open(item) else ""

    def get_contributions(self, item: AgendaItem) -> list[dict]:
        if not self._open(item):
            return []
        return ContributionSerializer(item.contributions.all(), many=True).data  # type: ignore[return-value]


class AgendaAddSerializer(serializers.Serializer):
    meeting = serializers.IntegerField()
    case = serializers.IntegerField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class DecisionSerializer(serializers.Serializer):
    decision = serializers.CharField(max_length=4000)


class ContributionWriteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)


class ActionSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True)

    class Meta:
        model = Action
        fields = [
            "id", "item", "case", "case_number", "group", "owner", "responsible", "text", "due_on", "status",
            "not_done_reason", "note", "closed_at", "reviewed_at", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class ActionCreateSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    owner = serializers.IntegerField()
    responsible = serializers.IntegerField(required=False, allow_null=True)
    text = serializers.CharField(max_length=4000)
    due_on = serializers.DateField()


class ActionCloseSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[c for c in ActionStatus.choices if c[0] != ActionStatus.OPEN])
    reason = serializers.ChoiceField(choices=NotDoneReason.choices, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    meeting = serializers.IntegerField(required=False, allow_null=True)


class FamilySerializer(serializers.ModelSerializer):
    """The reason, the persons and the outcome in detail go to those who may see one of the family's cases."""

    reason = serializers.SerializerMethodField()
    persons = serializers.SerializerMethodField()
    outcome_note = serializers.SerializerMethodField()

    class Meta:
        model = Family
        fields = [
            "id", "group", "cases", "persons", "reason", "added_on", "review_on", "responsible", "closed_on",
            "outcome", "outcome_note",
        ]  # fmt: skip
        read_only_fields = fields

    def _open(self, family: Family) -> bool:
        return family.pk in self.context.get("open_families", set())

    def get_reason(self, family: Family) -> str:
        return family.reason if self._open(family) else ""

    def get_persons(self, family: Family) -> list[int]:
        return [person.pk for person in family.persons.all()] if self._open(family) else []

    def get_outcome_note(self, family: Family) -> str:
        return family.outcome_note if self._open(family) else ""


class FamilyCreateSerializer(serializers.Serializer):
    group = serializers.IntegerField()
    cases = serializers.ListField(child=serializers.IntegerField(), min_length=1, max_length=20)
    persons = serializers.ListField(child=serializers.IntegerField(), required=False, default=list, max_length=50)
    reason = serializers.CharField(max_length=4000)
    review_on = serializers.DateField()
    responsible = serializers.IntegerField()


class FamilyReviewSerializer(serializers.Serializer):
    review_on = serializers.DateField()


class FamilyCloseSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=FamilyOutcome.choices)
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class FiguresSerializer(serializers.Serializer):
    group_id = serializers.IntegerField()
    quarter = serializers.CharField()
    cases_discussed = serializers.IntegerField()
    repeats = serializers.IntegerField()
    with_children = serializers.IntegerField()
    actions_due = serializers.IntegerField()
    actions_done_in_time = serializers.IntegerField()
    repeat_share = serializers.FloatField(allow_null=True)
    in_time_share = serializers.FloatField(allow_null=True)
