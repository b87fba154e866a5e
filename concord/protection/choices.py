"""Codes of the protection module: who applies, the conditions an order may impose, the states of an order and of
a proceeding, and the module's audit actions, notification kinds and timeline kinds."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ApplicantKind(models.TextChoices):
    SURVIVOR = "survivor", _("The survivor")
    FAMILY_MEMBER = "family_member", _("A family member")
    LEGAL_REPRESENTATIVE = "legal_representative", _("A legal representative")
    POLICE = "police", _("Police")
    PROSECUTOR = "prosecutor", _("Prosecutor")
    LOCAL_EXECUTIVE = "local_executive", _("Local executive authority")
    GUARDIANSHIP_BODY = "guardianship_body", _("Guardianship body")
    SUPPORT_CENTRE = "support_centre", _("Support centre")
    SOCIAL_SERVICES = "social_services", pgettext_lazy("applicant", "Social services")
    NGO = "ngo", _("Non-governmental organisation")
    EX_OFFICIO = "ex_officio", _("The issuer on its own motion")


class Condition(models.TextChoices):
    """What an order may impose on the respondent. Two take a number: stay_away (metres) and report_to_police
    (times a month); the pack says which an order type offers and the numbers allowed."""

    NO_VIOLENCE = "no_violence", _("No further violence")
    NO_CONTACT = "no_contact", _("No contact with the protected persons")
    NO_PURSUIT = "no_pursuit", _("No searching for or following the protected persons")
    STAY_AWAY = "stay_away", _("Stay away from the protected persons")
    LEAVE_HOME = "leave_home", _("Leave the shared home")
    NO_ENTRY_HOME = "no_entry_home", _("Do not enter the protected persons' home")
    SURRENDER_WEAPONS = "surrender_weapons", _("Surrender weapons; no acquiring or keeping them")
    NO_SUBSTANCES = "no_substances", _("No alcohol or drugs")
    ATTEND_PROGRAMME = "attend_programme", _("Attend a perpetrator programme")
    REPORT_TO_POLICE = "report_to_police", _("Report to the police")
    CHILD_CONTACT_RULES = "child_contact_rules", _("Contact with the children as the order sets out")
    SHELTER_PLACEMENT = "shelter_placement", _("Placement of the protected persons in a shelter")


# The conditions that carry a number, and what the number counts.
CONDITION_NUMBERS: dict[str, str] = {Condition.STAY_AWAY: "metres", Condition.REPORT_TO_POLICE: "per_month"}


class OrderStatus(models.TextChoices):
    APPLIED = "applied", _("Applied for")
    ISSUED = "issued", _("Issued")
    REFUSED = "refused", _("Refused")
    IN_FORCE = "in_force", pgettext_lazy("order status", "In force")
    EXTENDED = "extended", _("Extended")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    APPEALED = "appealed", _("Under appeal")


# An order protects while it is in one of these states and between its start and end (an appeal does not suspend
# it; an extended order protects until its own end, its extension from then on).
PROTECTING = (OrderStatus.ISSUED, OrderStatus.IN_FORCE, OrderStatus.EXTENDED, OrderStatus.APPEALED)
# States that end an order's protection for good: a protection gap may open behind them.
ENDED = (OrderStatus.EXPIRED, OrderStatus.REVOKED, OrderStatus.REFUSED)


class Relation(models.TextChoices):
    EXTENDS = "extends", _("Extends")
    REPLACES = "replaces", _("Replaces")
    RENEWS = "renews", _("Renews")


class Deadline(models.TextChoices):
    """The legal deadlines of an order type, each counted from a moment of the order."""

    DECISION = "decision", _("Decision")  # from the application
    HEARING = "hearing", _("Hearing")  # from the application
    NOTIFICATION = "notification", _("Copies sent to the parties and the police")  # from the decision


class AppealOutcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld")
    QUASHED = "quashed", _("Quashed")


class BreachResponse(models.TextChoices):
    DETENTION = "detention", _("Respondent detained")
    WARNING = "warning", _("Warning given")
    CRIMINAL_REPORT = "criminal_report", _("Criminal report registered")
    ADMINISTRATIVE_REPORT = "administrative_report", _("Administrative offence report")
    ORDER_CHANGED = "order_changed", _("Order extended or tightened")
    NO_ACTION = "no_action", _("No action yet")


class ProceedingKind(models.TextChoices):
    CRIMINAL = "criminal", _("Criminal")
    ADMINISTRATIVE = "administrative", _("Administrative")


class Body(models.TextChoices):
    POLICE = "police", _("Police")
    PROSECUTOR = "prosecutor", _("Prosecutor")
    COURT = "court", _("Court")


class Stage(models.TextChoices):
    REPORT_REGISTERED = "report_registered", _("Report registered")
    INVESTIGATION_OPENED = "investigation_opened", _("Investigation opened")
    REFUSED = "refused", _("Proceedings refused")
    CLOSED = "closed", _("Proceedings closed")
    CHARGED = "charged", _("Charged")
    REFERRED_TO_COURT = "referred_to_court", _("Referred to court")
    CONVICTION = "conviction", _("Verdict: conviction")
    ACQUITTAL = "acquittal", _("Verdict: acquittal")
    RECONCILIATION = "reconciliation", _("Ended by reconciliation")
    ADMINISTRATIVE_PENALTY = "administrative_penalty", _("Administrative penalty")


# Which stage may follow which: the attrition statistics read where cases leave this path.
NEXT_STAGES: dict[str | None, tuple[str, ...]] = {
    None: (Stage.REPORT_REGISTERED,),
    Stage.REPORT_REGISTERED: (
        Stage.INVESTIGATION_OPENED,
        Stage.REFUSED,
        Stage.REFERRED_TO_COURT,
        Stage.ADMINISTRATIVE_PENALTY,
        Stage.RECONCILIATION,
    ),
    Stage.INVESTIGATION_OPENED: (Stage.CHARGED, Stage.CLOSED, Stage.RECONCILIATION),
    Stage.CHARGED: (Stage.REFERRED_TO_COURT, Stage.CLOSED, Stage.RECONCILIATION),
    Stage.REFERRED_TO_COURT: (
        Stage.CONVICTION,
        Stage.ACQUITTAL,
        Stage.RECONCILIATION,
        Stage.ADMINISTRATIVE_PENALTY,
        Stage.CLOSED,
    ),
}
FINAL_STAGES = (
    Stage.REFUSED,
    Stage.CLOSED,
    Stage.CONVICTION,
    Stage.ACQUITTAL,
    Stage.RECONCILIATION,
    Stage.ADMINISTRATIVE_PENALTY,
)
# The stages that end a proceeding without a verdict: a reason code is required.
STAGES_WITH_REASON = (Stage.REFUSED, Stage.CLOSED)
# The stages that carry a sanction.
STAGES_WITH_SANCTION = (Stage.CONVICTION, Stage.ADMINISTRATIVE_PENALTY)


class EndReason(models.TextChoices):
    NO_OFFENCE = "no_offence", _("No offence was committed")
    INSUFFICIENT_EVIDENCE = "insufficient_evidence", _("Insufficient evidence")
    COMPLAINT_WITHDRAWN = "complaint_withdrawn", _("The survivor withdrew the complaint")
    RECONCILIATION = "reconciliation", _("Reconciliation of the parties")
    OFFENDER_UNKNOWN = "offender_unknown", _("The offender was not identified")
    TIME_LIMIT = "time_limit", _("Limitation period expired")
    OFFENDER_DIED = "offender_died", _("The offender died")
    OTHER = "other", _("Other reason")


class Sanction(models.TextChoices):
    IMPRISONMENT = "imprisonment", _("Imprisonment")
    SUSPENDED = "suspended", _("Suspended sentence")
    RESTRICTION_OF_LIBERTY = "restriction_of_liberty", _("Restriction of liberty")
    COMMUNITY_WORK = "community_work", _("Community or corrective work")
    FINE = "fine", _("Fine")
    ADMINISTRATIVE_ARREST = "administrative_arrest", _("Administrative arrest")
    WARNING = "warning", _("Warning")
    PROGRAMME = "programme", _("Mandatory perpetrator programme")


class ProtectionAuditAction(models.TextChoices):
    """Audit codes of the protection module (registered with concord.audit.choices.audit_actions)."""

    ORDER_APPLIED = "order_applied", _("Protection order applied for")
    ORDER_DECIDED = "order_decided", _("Decision on a protection order recorded")
    ORDER_CHANGED = "order_changed", _("Protection order changed")
    ORDER_EXPIRED = "order_expired", _("Protection order expired")
    BREACH_RECORDED = "breach_recorded", _("Breach of a protection order recorded")
    PROCEEDING_CHANGED = "proceeding_changed", _("Proceedings recorded")
    REGISTER_EXPORTED = "orders_exported", _("Register of protection orders exported")


class ProtectionNotification(models.TextChoices):
    """Notification kinds of the protection module (registered with notifications.choices.notification_kinds)."""

    DECISION_OVERDUE = "order_decision_overdue", _("A decision on a protection order is overdue")
    ORDER_EXPIRING = "order_expiring", _("A protection order is about to expire")
    ORDER_BREACHED = "order_breached", _("A protection order was breached")
    PROTECTION_GAP = "protection_gap", _("A survivor at high risk is without a protection order")


class ProtectionTimelineKind(models.TextChoices):
    """Timeline entries of the protection module (registered with cases.choices.timeline_kinds)."""

    ORDER_APPLIED = "order_applied", _("Protection order applied for")
    ORDER_ISSUED = "order_issued", _("Protection order issued")
    ORDER_REFUSED = "order_refused", _("Protection order refused")
    ORDER_EXTENDED = "order_extended", _("Protection order extended")
    ORDER_REVOKED = "order_revoked", _("Protection order revoked")
    ORDER_APPEALED = "order_appealed", _("Appeal against a protection order")
    ORDER_APPEAL_DECIDED = "order_appeal_decided", _("Appeal decided")
    ORDER_HEARING = "order_hearing", _("Hearing on a protection order")
    ORDER_SERVED = "order_served", _("Copies of a protection order sent")
    ORDER_DOCUMENT = "order_document", _("Document of a protection order added")
    ORDER_EXPIRED = "order_expired", _("Protection order expired")
    BREACH_RECORDED = "breach_recorded", _("Breach of a protection order")
    PROTECTION_GAP = "protection_gap", _("Protection gap")
    PROCEEDING_STAGE = "proceeding_stage", _("Proceedings: stage recorded")
