from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    """The sectors of the UN Essential Services Package, with the perpetrator programmes Concord adds."""

    HEALTH = "health", _("Health")
    POLICING = "policing", _("Policing")
    JUSTICE = "justice", _("Justice")
    SOCIAL = "social", _("Social services")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    SHELTER = "shelter", _("Shelter")
    LEGAL_AID = "legal_aid", _("Legal aid")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    ECONOMIC = "economic", _("Economic support")
    PERPETRATOR_PROGRAMME = "perpetrator_programme", _("Perpetrator programme")


class Urgency(models.TextChoices):
    EMERGENCY = "emergency", _("Emergency")
    URGENT = "urgent", _("Urgent")
    ROUTINE = "routine", _("Routine")


class ReferralState(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")
    REVOKED = "revoked", _("Revoked")
    REASSIGNED = "reassigned", _("Reassigned")
    EXPIRED = "expired", _("Expired")


# A referral the receiver still has to act on; the receiving agency sees the case while it is in one of these.
OPEN_STATES = (ReferralState.SENT, ReferralState.ACCEPTED)
# A referral nobody may act on any more.
FINAL_STATES = (
    ReferralState.DECLINED,
    ReferralState.COMPLETED,
    ReferralState.REVOKED,
    ReferralState.REASSIGNED,
    ReferralState.EXPIRED,
)


class DeclineReason(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", _("The survivor is not eligible for this service")
    NO_CAPACITY = "no_capacity", _("No capacity at present")
    OUTSIDE_AREA = "outside_area", _("Outside the area we serve")
    WRONG_SERVICE = "wrong_service", _("Another service fits better")
    SURVIVOR_DECLINED = "survivor_declined", _("The survivor declined the service")
    OTHER = "other", _("Other reason")


class Outcome(models.TextChoices):
    SERVICE_PROVIDED = "service_provided", _("Service provided")
    PARTLY_PROVIDED = "partly_provided", _("Service partly provided")
    REFERRED_ONWARD = "referred_onward", _("Referred on to another service")
    NOT_REACHED = "not_reached", _("The survivor could not be reached")
    DECLINED_HELP = "declined_help", _("The survivor declined help")
    UNSAFE_TO_CONTACT = "unsafe_to_contact", _("Contact was not safe")


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Telephone")
    VISIT = "visit", _("Home visit")
    OFFICE = "office", _("At the office")
    MESSAGE = "message", _("Text message")
    THROUGH_WORKER = "through_worker", _("Through the referring worker")


class ContactOutcome(models.TextChoices):
    REACHED = "reached", _("Reached")
    NOT_REACHED = "not_reached", _("Not reached")
    DECLINED_HELP = "declined_help", _("Declined help")
    UNSAFE = "unsafe", _("Unsafe to contact")


class SharedSection(models.TextChoices):
    """The parts of the case the sender chose to share with the receiver (shown on the referral)."""

    SUMMARY = "summary", _("Case summary")
    INCIDENTS = "incidents", _("Incidents")
    RISK = "risk", _("Risk assessment")
    PLAN = "plan", _("Safety and case plan")
    NOTES = "notes", _("Case notes")


class Trigger(models.TextChoices):
    """What starts a pathway rule. The protection module fires the two order triggers."""

    INCIDENT_RECORDED = "incident_recorded", _("Incident recorded")
    ASSESSMENT_LEVEL = "assessment_level", _("Risk assessed at or above a level")
    CHILD_IN_HOUSEHOLD = "child_in_household", _("Child in the household")
    REPEAT = "repeat", _("Repeat incident")
    ESCALATION = "escalation", _("Escalation")
    ORDER_ISSUED = "order_issued", _("Protection order issued")
    ORDER_BREACHED = "order_breached", _("Protection order breached")


class FiringOutcome(models.TextChoices):
    REFERRED = "referred", _("Referral sent")
    PROPOSED_TO_GROUP = "proposed_to_group", _("Proposed to the monitoring group")
    AWAITING_CONSENT = "awaiting_consent", _("Awaits the survivor's consent")
    NO_AGENCY = "no_agency", _("No agency serves the case's territory")
    ALREADY_OPEN = "already_open", _("A referral of this rule is already open")


class ProposalState(models.TextChoices):
    PENDING = "pending", _("Waiting for the monitoring group")
    TAKEN = "taken", _("Put on an agenda")
    DISMISSED = "dismissed", _("Dismissed")


class HotlineKind(models.TextChoices):
    POLICE = "police", _("Police")
    EMERGENCY = "emergency", _("Emergency")
    WOMEN = "women", _("Helpline for women")
    CHILDREN = "children", _("Helpline for children")
    OTHER = "other", _("Other helpline")


class ReferralAuditAction(models.TextChoices):
    """Audit codes of referrals (registered with concord.audit.choices.audit_actions)."""

    REFERRAL_SENT = "referral_sent", _("Referral sent")
    REFERRAL_ACCEPTED = "referral_accepted", _("Referral accepted")
    REFERRAL_DECLINED = "referral_declined", _("Referral declined")
    REFERRAL_COMPLETED = "referral_completed", _("Referral completed")
    REFERRAL_REVOKED = "referral_revoked", _("Referral revoked")
    REFERRAL_REASSIGNED = "referral_reassigned", _("Referral reassigned")
    REFERRAL_EXPIRED = "referral_expired", _("Referral expired")
    REFERRAL_CONTACT = "referral_contact", _("Contact attempt recorded")
    REFERRAL_READ = "referral_read", _("Referral read")
    PATHWAY_FIRED = "pathway_fired", _("Pathway rule applied")
    SERVICE_CHANGED = "service_changed", _("Service of an agency changed")


class ReferralNotification(models.TextChoices):
    """Notification kinds of referrals (registered with notifications.choices.notification_kinds)."""

    REFERRAL_RECEIVED = "referral_received", _("A referral arrived for your agency")
    REFERRAL_DUE = "referral_due", _("A referral is due")
    REFERRAL_OVERDUE = "referral_overdue", _("A referral is overdue")
    REFERRAL_ESCALATED = "referral_escalated", _("An unanswered referral was escalated to you")
    REFERRAL_ANSWERED = "referral_answered", _("Your referral was answered")
    REFERRAL_EXPIRED_NOTICE = "referral_expired", _("A referral expired unanswered")
    REFERRAL_NOT_REACHED = "referral_not_reached", _("The survivor could not be reached for your referral")
    PATHWAY_APPLIED = "pathway_applied", _("A referral pathway was applied to your case")


class ReferralTimelineKind(models.TextChoices):
    """Timeline entries of referrals (registered with cases.choices.timeline_kinds)."""

    REFERRAL_SENT = "referral_sent", _("Referral sent")
    REFERRAL_ACCEPTED = "referral_accepted", _("Referral accepted")
    REFERRAL_DECLINED = "referral_declined", _("Referral declined")
    REFERRAL_COMPLETED = "referral_completed", _("Referral completed")
    REFERRAL_REVOKED = "referral_revoked", _("Referral revoked")
    REFERRAL_REASSIGNED = "referral_reassigned", _("Referral reassigned")
    REFERRAL_EXPIRED = "referral_expired", _("Referral expired")
    REFERRAL_CONTACT = "referral_contact", _("Contact attempt recorded")
    PATHWAY_FIRED = "pathway_fired", _("Pathway rule applied")
