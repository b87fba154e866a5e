"""Codes of the monitoring-group module: seats, meetings and their states, attendance, why a case is on an agenda,
the states of an action and of a family the group follows, and the module's audit actions, notification kinds and
timeline kinds."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Seat(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", pgettext_lazy("group seat", "Member")


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("Regular meeting")
    EMERGENCY = "emergency", _("Emergency meeting")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    AGENDA_SENT = "agenda_sent", _("Agenda sent")
    HELD = "held", pgettext_lazy("meeting status", "Held")
    MINUTES_APPROVED = "minutes_approved", _("Minutes approved")
    CANCELLED = "cancelled", pgettext_lazy("meeting status", "Cancelled")


# Before the meeting: the agenda may change; after it, the record of the meeting may not.
BEFORE_MEETING = (MeetingStatus.PLANNED, MeetingStatus.AGENDA_SENT)


class Presence(models.TextChoices):
    PRESENT = "present", _("Present")
    APOLOGIES = "apologies", _("Sent apologies")
    ABSENT = "absent", _("Absent")


class AgendaReason(models.TextChoices):
    """Why a case is on an agenda: the pack's agenda rules, or the secretary's hand."""

    NEW_HIGH_RISK = "new_high_risk", _("New case at high risk or above")
    PATHWAY_PROPOSAL = "pathway_proposal", _("Proposed by a pathway")
    REPEAT = "repeat", _("Repeat incident")
    ESCALATION = "escalation", _("Escalation")
    OVERDUE_ACTIONS = "overdue_actions", _("Actions overdue")
    PROTECTION_GAP = "protection_gap", _("Protection gap")
    FAMILY_REVIEW = "family_review", _("At-risk family due for review")
    MOVED_IN = "moved_in", _("Moved in from another district")
    BY_HAND = "by_hand", _("Added by the secretary")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    NOT_DONE = "not_done", _("Not done")


class NotDoneReason(models.TextChoices):
    """MARAC practice: an action not done is reviewed for why, since the two call for different responses."""

    CIRCUMSTANCES_CHANGED = "circumstances_changed", _("Circumstances changed")
    NOT_ACTED_ON = "not_acted_on", _("The agency did not act")


class FamilyOutcome(models.TextChoices):
    RISK_REDUCED = "risk_reduced", _("Risk reduced; no longer followed")
    MOVED = "moved", _("Moved to another district")
    CASES_CLOSED = "cases_closed", _("Cases closed")
    OTHER = "other", _("Other")


class GroupsAuditAction(models.TextChoices):
    """Audit codes of the monitoring-group module (registered with concord.audit.choices.audit_actions)."""

    GROUP_CHANGED = "group_changed", _("Monitoring group changed")
    MEETING_CHANGED = "meeting_changed", _("Meeting changed")
    AGENDA_CHANGED = "agenda_changed", _("Agenda changed")
    CONFIDENTIALITY_ACCEPTED = "confidentiality_accepted", _("Confidentiality statement accepted")
    AGENDA_CASE_VIEWED = "agenda_case_viewed", _("Case summary read at a monitoring group")
    CONTRIBUTION_ADDED = "contribution_added", _("Agency information added for a meeting")
    DECISION_RECORDED = "decision_recorded", _("Decision of a monitoring group recorded")
    ACTION_CHANGED = "action_changed", _("Monitoring-group action changed")
    MINUTES_APPROVED = "minutes_approved", _("Minutes approved")
    MINUTES_DOWNLOADED = "minutes_downloaded", _("Minutes downloaded")
    FAMILY_CHANGED = "family_changed", _("At-risk family register changed")
    FAMILY_VIEWED = "family_viewed", _("At-risk family read")
    CASE_TRANSFERRED = "case_transferred_to_group", _("Case transferred to another monitoring group")


class GroupsNotification(models.TextChoices):
    """Notification kinds of the monitoring-group module (registered with notifications.choices.notification_kinds)."""

    AGENDA_SENT = "group_agenda_sent", _("The agenda of a monitoring-group meeting was sent")
    ACTION_ASSIGNED = "group_action_assigned", _("A monitoring group gave your agency an action")
    ACTION_DUE = "group_action_due", _("A monitoring-group action is due soon")
    ACTION_OVERDUE = "group_action_overdue", _("A monitoring-group action is overdue")
    MINUTES_LATE = "group_minutes_late", _("The minutes of a monitoring-group meeting are late")
    MINUTES_DISTRIBUTED = "group_minutes_distributed", _("The minutes of a monitoring-group meeting are out")
    CASE_MOVED_IN = "group_case_moved_in", _("A case moved into your monitoring group's district")


class GroupsTimelineKind(models.TextChoices):
    """Timeline entries of the monitoring-group module (registered with cases.choices.timeline_kinds)."""

    PUT_ON_AGENDA = "put_on_agenda", _("Put on a monitoring group's agenda")
    TAKEN_OFF_AGENDA = "taken_off_agenda", _("Taken off a monitoring group's agenda")
    DISCUSSED = "discussed_at_group", _("Discussed by the monitoring group")
    ACTION_CLOSED = "group_action_closed", _("Monitoring-group action closed")
    TRANSFERRED = "transferred_to_group", _("Transferred to another monitoring group")
