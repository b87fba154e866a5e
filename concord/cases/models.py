from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concord.cases.choices import (
    AttachmentKind,
    CaseContext,
    CaseStatus,
    ConsentGiver,
    ConsentMethod,
    ConsentPurpose,
    ConsentRequirement,
    GbvType,
    Injury,
    InvolvementBasis,
    LegalException,
    ParticipantRole,
    PlaceType,
    PlanStatus,
    Relationship,
    RiskLevel,
    TaskStatus,
    Weapon,
)
from concord.cases.scoping import CaseQuerySet, CaseScopedQuerySet
from concord.common.crypto import EncryptedCharField, EncryptedTextField

if TYPE_CHECKING:
    pass


class Case(models.Model):
    """A survivor-centred file: one survivor, her children and household, one or more alleged perpetrators."""

    number = models.CharField(_("case number"), max_length=40, unique=True, editable=False)
    territory = models.ForeignKey(
        "territory.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    owning_agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("owning agency"), on_delete=models.PROTECT, related_name="owned_cases"
    )
    lead_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead worker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_cases",
    )
    status = models.CharField(_("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_at = models.DateTimeField(_("opened"), default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Closure waits for a supervisor: the request is kept on the case until approved or rejected.
    closure_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closure_requested_at = models.DateTimeField(null=True, blank=True)
    closure_reason = EncryptedTextField(_("reason for closure"), blank=True)
    # Set by the monitoring-group module when the case is referred to a group (repeat flag, risk module).
    last_group_referral_on = models.DateField(_("last monitoring-group referral"), null=True, blank=True)
    # The latest risk assessment's result, kept here for lists, filters and the reassessment schedule (risk app).
    risk_level = models.PositiveSmallIntegerField(_("risk level"), choices=RiskLevel.choices, null=True, blank=True)
    risk_assessed_at = models.DateTimeField(_("risk assessed"), null=True, blank=True)
    next_risk_review_on = models.DateField(_("next risk review"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()
    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_at"]
        indexes = [
            models.Index(fields=["status", "opened_at"], name="case_status_opened_idx"),
            models.Index(fields=["risk_level", "opened_at"], name="case_risk_level_idx"),
            models.Index(fields=["next_risk_review_on"], name="case_next_review_idx"),
            models.Index(fields=["territory", "opened_at"], name="case_territory_opened_idx"),
            # A coordinator's reviews due: the jurisdiction's cases by review date (the work list).
            models.Index(fields=["territory", "next_risk_review_on"], name="case_territory_review_idx"),
        ]

    def __str__(self) -> str:
        return self.number


class CaseNumberSequence(models.Model):
    """The last number given per district and year; locked while a case is numbered."""

    territory = models.ForeignKey("territory.Territory", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["territory", "year"], name="case_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.territory_id}/{self.year}: {self.last_number}"


class Participant(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(_("role"), max_length=24, choices=ParticipantRole.choices)
    relationship = models.CharField(
        _("relationship to the survivor"), max_length=20, choices=Relationship.choices, blank=True
    )
    lives_with_survivor = models.BooleanField(_("lives with the survivor"), default=False)
    added_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="participant_once_per_case"),
            models.UniqueConstraint(
                fields=["case"], condition=Q(role=ParticipantRole.SURVIVOR), name="case_has_one_survivor"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} #{self.pk}"


class Incident(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="incidents")
    occurred_at = models.DateTimeField(_("date and time"))
    place_type = models.CharField(_("place"), max_length=20, choices=PlaceType.choices)
    territory = models.ForeignKey(
        "territory.Territory", verbose_name=_("where"), on_delete=models.PROTECT, related_name="+"
    )
    acts = models.JSONField(_("forms of violence"), default=list)
    injury = models.CharField(_("injuries"), max_length=20, choices=Injury.choices, default=Injury.UNKNOWN)
    weapon = models.CharField(_("weapon"), max_length=10, choices=Weapon.choices, default=Weapon.UNKNOWN)
    children_present = models.BooleanField(_("children present"), default=False)
    children_witnessed = models.BooleanField(_("children witnessed it"), default=False)
    reporting_agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("reported to"), on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported"))
    perpetrators = models.ManyToManyField(Participant, verbose_name=_("alleged perpetrators"), blank=True)
    # Sensitive narrative sections (masked unless the reader's agency may see them).
    narrative = EncryptedTextField(_("what happened"), blank=True)
    sexual_violence_details = EncryptedTextField(_("sexual violence details"), blank=True)
    medical_details = EncryptedTextField(_("medical details"), blank=True)
    # Derived on save by services.incident_record (classification.py); stored for statistics.
    gbvims_type = models.CharField(_("GBVIMS type"), max_length=24, choices=GbvType.choices, editable=False)
    # Every context that applies (CaseContext codes): contexts are not exclusive.
    contexts = models.JSONField(_("contexts"), default=list, editable=False)
    is_physical = models.BooleanField(default=False, editable=False)
    is_sexual = models.BooleanField(default=False, editable=False)
    is_psychological = models.BooleanField(default=False, editable=False)
    is_economic = models.BooleanField(default=False, editable=False)
    report_delay_days = models.PositiveIntegerField(_("days before report"), editable=False)
    # Set by risk.services.incident_flag when the incident is recorded, with the version of the rules used.
    is_repeat = models.BooleanField(_("repeat"), default=False, editable=False)
    is_escalation = models.BooleanField(_("escalation"), default=False, editable=False)
    flag_rules_version = models.CharField(_("rule version"), max_length=40, blank=True, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[perpetrators])

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-occurred_at"]

    def __str__(self) -> str:
        return f"Incident #{self.pk}"

    @property
    def context_labels(self) -> list[str]:
        return [str(CaseContext(code).label) for code in self.contexts if code in CaseContext.values]


class Note(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    text = EncryptedTextField(_("note"))
    is_sensitive = models.BooleanField(_("sensitive"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    objects = CaseScopedQuerySet.as_manager()
    sensitive_field = "is_sensitive"

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Note #{self.pk}"


def _attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name carries no part of the original file name, which may itself be personal data.
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices, default=AttachmentKind.OTHER)
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=200)
    original_name = EncryptedCharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    is_sensitive = models.BooleanField(_("sensitive"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    objects = CaseScopedQuerySet.as_manager()
    sensitive_field = "is_sensitive"

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"Document #{self.pk}"


class Consent(models.Model):
    """Consent of one person for one purpose and recipient, with how it was given and its withdrawal."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=24, choices=ConsentPurpose.choices)
    recipient_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("recipient agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recipient_kind = models.ForeignKey(
        "accounts.AgencyKind",
        verbose_name=_("recipient kind of agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    method = models.CharField(_("how it was given"), max_length=10, choices=ConsentMethod.choices)
    given_by = models.CharField(_("given by"), max_length=10, choices=ConsentGiver.choices, default=ConsentGiver.SELF)
    caregiver = models.ForeignKey(
        Participant, verbose_name=_("caregiver"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    child_assent = models.BooleanField(_("the child agrees"), null=True, blank=True)
    includes_sensitive = models.BooleanField(_("includes sensitive details"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"Consent #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def recipient_label(self) -> str:
        recipient = self.recipient_agency or self.recipient_kind
        return str(recipient) if recipient else ""

    def covers(self, agency: Any) -> bool:
        if self.recipient_agency_id:
            return self.recipient_agency_id == agency.pk
        return self.recipient_kind_id is not None and self.recipient_kind_id == agency.kind_id


class Involvement(models.Model):
    """Why an agency is involved in a case. Written only by the services that create those facts."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="involvements")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="involvements")
    basis = models.CharField(_("basis"), max_length=10, choices=InvolvementBasis.choices)
    consent = models.ForeignKey(Consent, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    legal_exception = models.CharField(_("legal exception"), max_length=24, choices=LegalException.choices, blank=True)
    justification = EncryptedTextField(_("justification"), blank=True)
    sensitive_access = models.BooleanField(_("may see sensitive details"), default=False)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # The case's own opening time, copied here so that an agency's newest cases are read in order from one index
    # (scoping, Case.objects.visible_newest) instead of by sorting every case the agency is involved in.
    case_opened_at = models.DateTimeField(editable=False)

    history = HistoricalRecords()

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("involvement")
        verbose_name_plural = _("involvements")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "agency"], condition=Q(ended_at__isnull=True), name="involvement_one_active"
            )
        ]
        indexes = [
            models.Index(fields=["agency", "ended_at"], name="involvement_agency_idx"),
            models.Index(
                fields=["agency", "case_opened_at", "case"],
                condition=Q(ended_at__isnull=True),
                name="involvement_agency_newest_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_basis_display()} #{self.pk}"

    def save(self, *args, **kwargs) -> None:
        if self.case_opened_at is None:
            self.case_opened_at = self.case.opened_at
        super().save(*args, **kwargs)


class BreakGlassAccess(models.Model):
    """Emergency access to a case outside the user's scope, for a limited time, with a stated reason."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="break_glass_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    reason = EncryptedTextField(_("reason"))
    started_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        indexes = [models.Index(fields=["user", "expires_at"], name="break_glass_user_idx")]

    def __str__(self) -> str:
        return f"Break-glass #{self.pk}"


class CasePlan(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="plan")
    status = models.CharField(_("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("case plan")
        verbose_name_plural = _("case plans")

    def __str__(self) -> str:
        return f"Plan #{self.pk}"


class PlanGoal(models.Model):
    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, related_name="goals")
    text = EncryptedTextField(_("goal"))
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    objects = CaseScopedQuerySet.as_manager()
    case_path = "plan__case"

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"Goal #{self.pk}"


class PlanTask(models.Model):
    goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, related_name="tasks")
    description = EncryptedTextField(_("task"))
    responsible_agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("responsible agency"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)

    history = HistoricalRecords()

    objects = CaseScopedQuerySet.as_manager()
    case_path = "goal__plan__case"

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"Task #{self.pk}"


class TimelineEntry(models.Model):
    """One line of a case's timeline, written by the service that made the change (codes, no personal data)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    # A code registered in cases.choices.timeline_kinds (by cases or the module that writes the entry).
    kind = models.CharField(max_length=40)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("accounts.Agency", null=True, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True)
    details = models.JSONField(default=dict)

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class ConsentAgeBand(models.Model):
    """Who must consent for a person of a given age, from a date on (country pack consent.yaml)."""

    country = models.ForeignKey("countries.Country", on_delete=models.CASCADE, related_name="consent_bands")
    effective_from = models.DateField(_("effective from"))
    from_age = models.PositiveSmallIntegerField(_("from age"))
    to_age = models.PositiveSmallIntegerField(_("to age"), null=True, blank=True)
    requirement = models.CharField(_("requirement"), max_length=24, choices=ConsentRequirement.choices)

    class Meta:
        verbose_name = _("consent age band")
        verbose_name_plural = _("consent age bands")
        ordering = ["effective_from", "from_age"]
        constraints = [
            models.UniqueConstraint(fields=["country", "effective_from", "from_age"], name="consent_age_band_unique")
        ]

    def __str__(self) -> str:
        return f"{self.country_id} {self.effective_from} {self.from_age}+"
