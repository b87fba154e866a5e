from django.db import models
from django.utils.translation import gettext_lazy as _

# The level scale is the case's (a case's standing level); the scoring engine's Level has the same values.
from concord.cases.choices import RiskLevel as RiskLevel
from concord.risk.scoring import Level


class InstrumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


class Lowering(models.TextChoices):
    """What became of an assessment that would lower a case's HIGH or EXTREME level (DESIGN.md, "The case's level")."""

    APPLIED = "applied", _("Lowered, with a reason")
    PENDING = "pending", _("Awaiting a supervisor's confirmation")
    CONFIRMED = "confirmed", _("Lowering confirmed by a supervisor")
    REJECTED = "rejected", _("Lowering not confirmed: the previous level stays")


# Levels a new assessment may not lower silently.
PROTECTED_LEVELS = frozenset({Level.HIGH, Level.EXTREME})


class AssessmentSource(models.TextChoices):
    INTERVIEW = "interview", _("Interview with the survivor")
    RECORDS = "records", _("Records of the agencies")
    BOTH = "both", _("Interview and records")


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Not known")
    DECLINED = "declined", _("Declined to answer")


# The sections of an instrument's items, in the order the form shows them; an instrument may use any subset.
SECTION_LABELS = {
    "history": _("The violence and its history"),
    "perpetrator": _("The alleged perpetrator"),
    "victim_situation": _("The survivor's situation"),
    "children": _("Children"),
}

RISK_FACTOR_LABELS = {
    "STRANGULATION": _("Strangulation or choking"),
    "THREAT_KILL": _("Threats to kill"),
    "WEAPON": _("Weapon used or available"),
    "ESCALATION": _("Violence getting worse or more frequent"),
    "SEPARATION": _("Separation or intent to separate"),
    "PREGNANCY": _("Pregnancy or a recent birth"),
    "STALKING": _("Stalking or harassment"),
    "JEALOUSY_CONTROL": _("Jealousy and controlling behaviour"),
    "CHILD_ABUSE": _("Harm or threats to children"),
    "PRIOR_DV": _("Earlier domestic violence"),
    "PRIOR_VIOLENCE_OTHERS": _("Violence against others"),
    "ORDER_BREACH": _("Breach of a protection order or bail"),
    "SUBSTANCE": _("Alcohol or drug misuse"),
    "UNEMPLOYMENT": _("Unemployment or money problems"),
    "SUICIDE": _("Threats or attempts of suicide"),
    "SEXUAL_VIOLENCE": _("Sexual violence"),
    "CONFINEMENT": _("Confinement or isolation"),
    "VICTIM_FEAR": _("The survivor fears for her life"),
    "VICTIM_VULNERABILITY": _("Vulnerability of the survivor"),
    "MENTAL_HEALTH": _("Mental health problems of the perpetrator"),
    "STEPCHILD": _("A child from another relationship"),
    "HONOUR_FORCED_MARRIAGE": _("Honour-based violence or forced marriage"),
}


class RiskAuditAction(models.TextChoices):
    """Audit codes of risk assessment (registered with concord.audit.choices.audit_actions)."""

    RISK_INSTRUMENT_PUBLISHED = "risk_instrument_published", _("Risk instrument stored")
    RISK_INSTRUMENT_STATUS = "risk_instrument_status", _("Risk instrument status changed")
    RISK_ASSESSED = "risk_assessed", _("Risk assessed")
    INCIDENT_FLAGGED = "incident_flagged", _("Repeat or escalation flagged")


class RiskNotification(models.TextChoices):
    """Notification kinds of risk assessment (registered with notifications.choices.notification_kinds)."""

    REASSESSMENT_DUE = "reassessment_due", _("A risk reassessment is due")
    REASSESSMENT_OVERDUE = "reassessment_overdue", _("A risk reassessment is overdue")
    RISK_LOWERED = "risk_lowered", _("A case's high risk level was lowered")
    RISK_LOWERING_PENDING = "risk_lowering_pending", _("A lower risk level awaits your confirmation")
    RISK_LOWERING_DECIDED = "risk_lowering_decided", _("A supervisor decided on a lower risk level")


class RiskTimelineKind(models.TextChoices):
    """Timeline entries of risk assessment (registered with cases.choices.timeline_kinds)."""

    RISK_ASSESSED = "risk_assessed", _("Risk assessed")
    INCIDENT_FLAGGED = "incident_flagged", _("Repeat or escalation flagged")
