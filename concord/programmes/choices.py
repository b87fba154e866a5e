"""Codes of the programmes module: how a perpetrator comes to a programme, the states of an enrolment, attendance,
why an enrolment ends, and the module's audit actions, notification kinds and timeline kinds."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Basis(models.TextChoices):
    """Why the alleged perpetrator attends: a condition of a protection order (found when the order is issued), a
    court's decision or sentence, a referral by an agency of the case, or his own agreement."""

    PROTECTION_ORDER = "protection_order", _("Condition of a protection order")
    COURT_ORDER = "court_order", _("Court decision")
    REFERRAL = "referral", _("Referral by an agency")
    VOLUNTARY = "voluntary", _("Voluntary")


# The bases a worker records by hand; a protection order's condition arrives from the order itself.
RECORDED_BASES = (Basis.COURT_ORDER, Basis.REFERRAL, Basis.VOLUNTARY)


class EnrolmentStatus(models.TextChoices):
    AWAITING_PROGRAMME = "awaiting_programme", _("Awaiting the choice of a programme")
    REQUESTED = "requested", _("Awaiting the provider")
    ENROLLED = "enrolled", _("Attending")
    COMPLETED = "completed", _("Completed")
    DROPPED_OUT = "dropped_out", _("Dropped out")
    EXCLUDED = "excluded", _("Excluded")
    DECLINED = "declined", pgettext_lazy("enrolment", "Declined by the provider")
    WITHDRAWN = "withdrawn", pgettext_lazy("enrolment", "Withdrawn")


# Not yet begun, begun, and ended: a perpetrator has at most one enrolment that is not ended in a programme.
PENDING = (EnrolmentStatus.AWAITING_PROGRAMME, EnrolmentStatus.REQUESTED)
OPEN = (*PENDING, EnrolmentStatus.ENROLLED)
LEFT = (EnrolmentStatus.DROPPED_OUT, EnrolmentStatus.EXCLUDED)
ENDED = (EnrolmentStatus.COMPLETED, *LEFT, EnrolmentStatus.DECLINED, EnrolmentStatus.WITHDRAWN)


class Presence(models.TextChoices):
    PRESENT = "present", pgettext_lazy("one person at a session", "Present")
    EXCUSED = "excused", _("Absent with a valid reason")
    ABSENT = "absent", _("Absent without a reason")


class LeavingReason(models.TextChoices):
    """Why an enrolment ended before completion (drop-out or exclusion), or why the provider declined it."""

    ABSENCES = "absences", _("Repeated absences")
    STOPPED_ATTENDING = "stopped_attending", _("Stopped attending")
    UNREACHABLE = "unreachable", _("Could not be reached")
    REFUSED = "refused", _("Refused to take part")
    VIOLENCE = "violence", _("Violence or threats in the programme")
    NEW_OFFENCE = "new_offence", _("New offence")
    RULES_BROKEN = "rules_broken", _("Broke the programme's rules")
    CUSTODY = "custody", _("Taken into custody")
    MOVED = "moved", _("Moved away")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible for the programme")
    NO_PLACE = "no_place", _("No place in the programme")
    OTHER = "other", _("Other reason")


# Why a provider declines a request, and why someone leaves a programme before completing it.
DECLINE_REASONS = (
    LeavingReason.NOT_ELIGIBLE, LeavingReason.NO_PLACE, LeavingReason.REFUSED, LeavingReason.UNREACHABLE,
    LeavingReason.CUSTODY, LeavingReason.MOVED, LeavingReason.OTHER,
)  # fmt: skip
LEAVING_REASONS = tuple(
    reason for reason in LeavingReason if reason not in (LeavingReason.NOT_ELIGIBLE, LeavingReason.NO_PLACE)
)


def reason_choices(reasons) -> list[tuple[str, object]]:
    return [(reason.value, reason.label) for reason in reasons]


class Audience(models.TextChoices):
    """Whom a training plan is for (the seeds' plans: the monitoring groups, the State Committee, the local police,
    the municipality's administrative units, journalists and PR staff)."""

    GROUP_MEMBERS = "group_members", _("Monitoring-group members")
    COMMITTEE_STAFF = "committee_staff", _("Staff of the national coordinating body")
    POLICE = "police", _("Police officers")
    ADMIN_UNIT_STAFF = "admin_unit_staff", _("Staff of administrative units")
    JOURNALISTS = "journalists", _("Journalists and PR staff")
    PROFESSIONALS = "professionals", _("Other professionals")


class MaterialKind(models.TextChoices):
    HANDBOOK = "handbook", _("Handbook or guide")
    CURRICULUM = "curriculum", _("Training curriculum")
    LEAFLET = "leaflet", _("Leaflet or poster")
    PRESENTATION = "presentation", _("Presentation")
    FORM = "form", _("Form or template")
    OTHER = "other", _("Other material")


class Channel(models.TextChoices):
    TV = "tv", _("Television")
    RADIO = "radio", _("Radio")
    SOCIAL_MEDIA = "social_media", _("Social media")
    EVENTS = "events", _("Events and meetings")
    PRINT = "print", _("Print")
    OUTDOOR = "outdoor", _("Outdoor (billboards, transport)")
    OTHER = "other", pgettext_lazy("channel", "Other")


class PublicAudience(models.TextChoices):
    """Whom an awareness campaign addresses."""

    GENERAL_PUBLIC = "general_public", _("The general public")
    WOMEN = "women", _("Women")
    MEN = "men", _("Men")
    YOUNG_PEOPLE = "young_people", _("Young people and students")
    PARENTS = "parents", _("Parents")
    PROFESSIONALS = "professionals", _("Professionals")
    JOURNALISTS = "journalists", _("Journalists and media")
    RURAL = "rural", _("Rural communities")


class ProgrammesAuditAction(models.TextChoices):
    """Audit codes of the programmes module (registered with concord.audit.choices.audit_actions)."""

    PROGRAMME_CHANGED = "programme_changed", _("Perpetrator programme changed")
    ENROLMENT_CHANGED = "enrolment_changed", _("Enrolment in a programme changed")
    ENROLMENT_READ = "enrolment_read", _("Enrolment in a programme read")
    SESSION_RECORDED = "programme_session_recorded", _("Programme session and attendance recorded")
    SHEET_PRINTED = "programme_sheet_printed", _("Attendance sheet of a programme printed")
    TRAINING_CHANGED = "training_changed", _("Training plan or session changed")
    TRAINING_SHEET_PRINTED = "training_sheet_printed", _("Attendance sheet of a training printed")
    MATERIAL_CHANGED = "material_changed", _("Material of the library added or changed")
    MATERIAL_DOWNLOADED = "material_downloaded", _("Material of the library downloaded")
    CAMPAIGN_CHANGED = "campaign_changed", _("Awareness campaign changed")


class ProgrammesNotification(models.TextChoices):
    """Notification kinds of the programmes module (registered with notifications.choices.notification_kinds)."""

    REQUIRED = "programme_required", _("A perpetrator programme is required: choose the programme")
    REQUESTED = "programme_requested", _("A perpetrator is to be enrolled in your programme")
    DECLINED = "programme_declined", _("A programme declined an enrolment")
    ABSENT = "programme_absent", _("A perpetrator missed a programme session")
    LEFT = "programme_left", _("A perpetrator left a programme: reassess the risk")
    COMPLETED = "programme_completed", _("A perpetrator completed a programme")
    FIRST_CONTACT_OVERDUE = "programme_first_contact_overdue", _("First contact with a perpetrator is overdue")


class ProgrammesTimelineKind(models.TextChoices):
    """Timeline entries of the programmes module (registered with cases.choices.timeline_kinds)."""

    REQUIRED = "programme_required", _("Perpetrator programme required")
    REQUESTED = "programme_requested", _("Enrolment in a programme requested")
    ENROLLED = "programme_enrolled", _("Enrolled in a programme")
    DECLINED = "programme_declined", pgettext_lazy("timeline", "Enrolment declined by the provider")
    WITHDRAWN = "programme_withdrawn", pgettext_lazy("timeline", "Enrolment withdrawn")
    ABSENT = "programme_absent", _("Programme session missed")
    COMPLETED = "programme_completed", pgettext_lazy("timeline", "Programme completed")
    LEFT = "programme_left", _("Programme left before completion")
