"""The services directory (service types, the services agencies offer, national hotlines), the referral rules of
the country pack (deadlines, pathways) and the referrals themselves with their contact attempts.

Nothing here names a person in `__str__`; the reason, the safe-contact instructions and every free text a worker
writes about the survivor are encrypted."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concord.cases.models import Case
from concord.cases.scoping import CaseScopedQuerySet
from concord.common.crypto import EncryptedTextField
from concord.common.translated import TranslatedName, name_in
from concord.referrals.choices import (
    OPEN_STATES,
    ContactChannel,
    ContactOutcome,
    DeclineReason,
    FiringOutcome,
    HotlineKind,
    Outcome,
    ProposalState,
    ReferralState,
    Sector,
    Trigger,
    Urgency,
)


def _texts_in(texts: dict[str, str] | None, language: str | None = None) -> str:
    from concord.common.translated import active_language

    texts = texts or {}
    return name_in(texts.get("en", ""), texts, language or active_language())


class ServiceType(TranslatedName, models.Model):
    """A kind of service, from the country pack (by default the UN Essential Services Package's catalogue)."""

    country = models.ForeignKey("countries.Country", on_delete=models.CASCADE, related_name="service_types")
    code = models.CharField(_("code"), max_length=40)
    sector = models.CharField(_("sector"), max_length=24, choices=Sector.choices)
    name_en = models.CharField(_("name in English"), max_length=200)
    names = models.JSONField(default=dict, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service type")
        verbose_name_plural = _("service types")
        ordering = ["order", "code"]
        constraints = [models.UniqueConstraint(fields=["country", "code"], name="service_type_code_unique")]

    def __str__(self) -> str:
        return self.name


class Eligibility(models.TextChoices):
    ANYONE = "anyone", _("Anyone")
    WOMEN = "women", _("Women and girls")
    MEN = "men", _("Men and boys")


class AgencyService(models.Model):
    """A service an agency offers: where (a region covers its districts), when, in which languages, for whom, and
    for a shelter the places free today, kept up to date by the agency."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="services")
    service_type = models.ForeignKey(ServiceType, on_delete=models.PROTECT, related_name="offers")
    areas = models.ManyToManyField("territory.Territory", related_name="+", verbose_name=_("territories served"))
    hours = models.JSONField(_("opening hours"), default=dict, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    eligibility = models.CharField(_("for"), max_length=10, choices=Eligibility.choices, default=Eligibility.ANYONE)
    min_age = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("to age"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    places_total = models.PositiveSmallIntegerField(_("places"), null=True, blank=True)
    places_free = models.PositiveSmallIntegerField(_("places free today"), null=True, blank=True)
    places_updated_at = models.DateTimeField(_("places updated"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service of an agency")
        verbose_name_plural = _("services of agencies")
        constraints = [
            models.UniqueConstraint(fields=["agency", "service_type"], name="agency_service_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.service_type}"

    @property
    def hours_text(self) -> str:
        return _texts_in(self.hours)

    @property
    def is_shelter(self) -> bool:
        return self.places_total is not None


class Hotline(TranslatedName, models.Model):
    """A national hotline: police, emergency, helplines for women and children."""

    country = models.ForeignKey("countries.Country", on_delete=models.CASCADE, related_name="hotlines")
    code = models.CharField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=12, choices=HotlineKind.choices)
    number = models.CharField(_("number"), max_length=40)
    name_en = models.CharField(_("name in English"), max_length=200)
    names = models.JSONField(default=dict, blank=True)
    hours = models.JSONField(_("hours"), default=dict, blank=True)
    is_free = models.BooleanField(_("free of charge"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("hotline")
        verbose_name_plural = _("hotlines")
        ordering = ["order", "code"]
        constraints = [models.UniqueConstraint(fields=["country", "code"], name="hotline_code_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def hours_text(self) -> str:
        return _texts_in(self.hours)


class ReferralRules(models.Model):
    """The pack's deadlines and escalation for referrals, in force from a date (a later entry replaces them)."""

    country = models.ForeignKey("countries.Country", on_delete=models.CASCADE, related_name="referral_rules")
    effective_from = models.DateField(_("effective from"))
    version = models.CharField(_("version"), max_length=40)
    # [{services: [codes] or ["*"], urgency, acknowledge: {amount, unit}, first_contact: {...}, expire: {...}}]
    deadlines = models.JSONField(default=list)
    # {supervisor_after: {amount, unit}, coordinator_after: {amount, unit}}: counted from the acknowledge deadline.
    escalation = models.JSONField(default=dict)
    not_reached_after_attempts = models.PositiveSmallIntegerField(default=3)

    class Meta:
        verbose_name = _("referral rules")
        verbose_name_plural = _("referral rules")
        constraints = [
            models.UniqueConstraint(fields=["country", "effective_from"], name="referral_rules_one_per_day"),
            models.UniqueConstraint(fields=["country", "version"], name="referral_rules_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.country_id} {self.version}"


class PathwayRule(models.Model):
    """A pathway of the country pack: on a trigger, refer the case to an agency kind's service or propose it to the
    monitoring group. Versions are kept: a referral names the rule and version that made it."""

    class Action(models.TextChoices):
        REFER = "refer", _("Refer")
        PROPOSE_TO_GROUP = "propose_to_group", _("Propose to the monitoring group")

    country = models.ForeignKey("countries.Country", on_delete=models.CASCADE, related_name="pathways")
    code = models.CharField(_("code"), max_length=60)
    version = models.CharField(_("version"), max_length=40)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200)
    names = models.JSONField(default=dict, blank=True)
    trigger = models.CharField(_("trigger"), max_length=24, choices=Trigger.choices)
    # Trigger conditions: {agency_kind: code} for an incident, {min_level: 3} for an assessment.
    conditions = models.JSONField(default=dict, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    target_kind = models.CharField(_("agency kind"), max_length=40, blank=True)
    service_code = models.CharField(_("service"), max_length=40, blank=True)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, blank=True)
    # "consent", or a legal exception's code.
    basis = models.CharField(_("basis"), max_length=24, blank=True)
    justification = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("pathway rule")
        verbose_name_plural = _("pathway rules")
        constraints = [
            models.UniqueConstraint(fields=["country", "code", "version"], name="pathway_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    @property
    def name(self) -> str:
        from concord.common.translated import active_language

        return name_in(self.name_en, self.names, active_language())

    @property
    def justification_text(self) -> str:
        return _texts_in(self.justification)


class Referral(models.Model):
    """A referral from an agency (and worker) to one agency's service, on the survivor's consent or a legal basis,
    with the deadlines of the pack in force when it was sent."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    # The case's territory when it was sent: the coordinator's view reads it through its own index.
    territory = models.ForeignKey("territory.Territory", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(AgencyService, on_delete=models.PROTECT, related_name="referrals")
    service_type = models.ForeignKey(ServiceType, on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="referrals_received")
    from_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="referrals_sent")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices)
    reason = EncryptedTextField(_("reason"))
    shared_sections = models.JSONField(_("information shared"), default=list)
    safe_contact = EncryptedTextField(_("safe contact"), blank=True)
    consent = models.ForeignKey("cases.Consent", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    legal_exception = models.CharField(_("legal exception"), max_length=24, blank=True)
    justification = EncryptedTextField(_("justification"), blank=True)
    pathway = models.ForeignKey(PathwayRule, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    state = models.CharField(_("state"), max_length=12, choices=ReferralState.choices, default=ReferralState.SENT)
    state_changed_at = models.DateTimeField(default=timezone.now)
    rules_version = models.CharField(_("rule version"), max_length=40)
    acknowledge_due_at = models.DateTimeField(_("answer due"))
    first_contact_due_at = models.DateTimeField(_("first contact due"))
    expires_at = models.DateTimeField(_("expires"))
    # The receiver's next deadline (the answer, then the first contact): the order of the incoming queue.
    due_at = models.DateTimeField(null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)

    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decline_reason = models.CharField(_("reason"), max_length=20, choices=DeclineReason.choices, blank=True)
    decline_text = EncryptedTextField(_("explanation"), blank=True)
    first_contact_at = models.DateTimeField(_("first contact"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    end_text = EncryptedTextField(_("explanation"), blank=True)
    reassigned_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reassigned_to"
    )
    # The involvement this referral opened (none when the receiver was involved already): ended with it.
    involvement = models.ForeignKey(
        "cases.Involvement", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(
                fields=["to_agency", "due_at", "id"],
                condition=Q(state__in=["sent", "accepted"]),
                name="referral_incoming_idx",
            ),
            models.Index(fields=["from_agency", "state", "sent_at"], name="referral_outgoing_idx"),
            models.Index(fields=["territory", "sent_at"], name="referral_territory_idx"),
            models.Index(fields=["state", "due_at"], name="referral_state_due_idx"),
            models.Index(fields=["case", "sent_at"], name="referral_case_idx"),
        ]

    def __str__(self) -> str:
        return f"{_('Referral')} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_overdue(self) -> bool:
        return self.due_at is not None and self.due_at < timezone.now()


class ContactAttempt(models.Model):
    """One attempt of the receiving agency to reach the survivor."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="attempts")
    attempted_at = models.DateTimeField(_("time"))
    channel = models.CharField(_("channel"), max_length=16, choices=ContactChannel.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=ContactOutcome.choices)
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = CaseScopedQuerySet.as_manager()
    case_path = "referral__case"

    class Meta:
        verbose_name = _("contact attempt")
        verbose_name_plural = _("contact attempts")
        ordering = ["attempted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} #{self.pk}"


class PathwayFiring(models.Model):
    """A pathway rule applied to a case for one event: made once per case, rule and event."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pathway_firings")
    rule = models.ForeignKey(PathwayRule, on_delete=models.PROTECT, related_name="firings")
    event_key = models.CharField(max_length=60)
    outcome = models.CharField(_("outcome"), max_length=20, choices=FiringOutcome.choices)
    referral = models.ForeignKey(Referral, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The worker whose action fired it: the referral is shown to them.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    fired_at = models.DateTimeField(default=timezone.now)

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("pathway applied")
        verbose_name_plural = _("pathways applied")
        constraints = [
            models.UniqueConstraint(fields=["case", "rule", "event_key"], name="pathway_once_per_event"),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id}:{self.event_key}"


class GroupProposal(models.Model):
    """A case a pathway proposes to the monitoring group; the groups module puts it on an agenda."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="group_proposals")
    firing = models.OneToOneField(PathwayFiring, on_delete=models.CASCADE, related_name="proposal")
    state = models.CharField(_("state"), max_length=10, choices=ProposalState.choices, default=ProposalState.PENDING)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal to the monitoring group")
        verbose_name_plural = _("proposals to the monitoring group")
        indexes = [models.Index(fields=["state", "created_at"], name="group_proposal_state_idx")]

    def __str__(self) -> str:
        return f"{_('Proposal')} #{self.pk}"


def deadline_row(rules: ReferralRules, service_code: str, urgency: str) -> dict[str, Any] | None:
    """The pack's deadlines for a service and urgency: a row naming the service wins over a row for every service."""
    rows = [row for row in rules.deadlines if row.get("urgency") == urgency]
    for row in rows:
        if service_code in row.get("services", []):
            return row
    return next((row for row in rows if "*" in row.get("services", [])), None)
