"""Protection measures of the country pack (order types with effective-dated versions, legal qualifications),
the orders of a case with their breaches, the protection gaps the tick finds, and the criminal and administrative
proceedings that followed an incident.

Nothing here names a person in `__str__`; every free text a worker writes is encrypted."""

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
from concord.common.translated import TranslatedName
from concord.protection.choices import (
    PROTECTING,
    AppealOutcome,
    ApplicantKind,
    Body,
    BreachResponse,
    EndReason,
    OrderStatus,
    ProceedingKind,
    Relation,
    Sanction,
    Stage,
)


class MeasureType(TranslatedName, models.Model):
    """A kind of protection order of the country pack: who issues it and who may apply. Its numbers are in its
    versions, each in force from a date."""

    country = models.ForeignKey("countries.Country", on_delete=models.CASCADE, related_name="measure_types")
    code = models.CharField(_("code"), max_length=40)
    name_en = models.CharField(_("name in English"), max_length=200)
    names = models.JSONField(default=dict, blank=True)
    # An agency kind of the pack: the agencies of that kind issue it.
    issuer_kind = models.CharField(_("issued by"), max_length=60)
    applicants = models.JSONField(_("who may apply"), default=list)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("order type")
        verbose_name_plural = _("order types")
        ordering = ["order", "code"]
        constraints = [models.UniqueConstraint(fields=["country", "code"], name="measure_type_code_unique")]

    def __str__(self) -> str:
        return self.name


class MeasureVersion(models.Model):
    """The legal numbers of an order type from a date: deadlines, duration, extension, conditions, reminders. An
    order keeps the version in force on its application date, whatever the pack says later."""

    measure = models.ForeignKey(MeasureType, on_delete=models.CASCADE, related_name="versions")
    version = models.CharField(_("version"), max_length=40)
    effective_from = models.DateField(_("effective from"))
    # {decision: {amount, unit}, hearing: …, notification: …}; a deadline the law does not set is absent.
    deadlines = models.JSONField(default=dict, blank=True)
    # {unit: days|months, min: n, max: n}; min == max for a fixed duration.
    duration = models.JSONField(default=dict)
    # {times: n, duration: {unit, min, max}}, or {} when the order cannot be extended.
    extension = models.JSONField(default=dict, blank=True)
    renewable = models.BooleanField(_("renewable"), default=False)
    # {on_application_of: measure code, until: {amount, unit} from the start}, or {}.
    automatic_extension = models.JSONField(default=dict, blank=True)
    # [{code, min, max}]: the conditions offered; min and max bound the number of those that take one.
    conditions = models.JSONField(default=list)
    # [{amount, unit}] before the end: reminders to the lead worker and the issuing agency.
    reminders = models.JSONField(default=list, blank=True)
    to_be_confirmed = models.BooleanField(_("to be confirmed by the national operator"), default=False)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("order type version")
        verbose_name_plural = _("order type versions")
        ordering = ["measure", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "version"], name="measure_version_unique"),
            models.UniqueConstraint(fields=["measure", "effective_from"], name="measure_version_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.version}"

    def condition(self, code: str) -> dict[str, Any] | None:
        return next((row for row in self.conditions if row["code"] == code), None)


class Qualification(TranslatedName, models.Model):
    """An article of the criminal or administrative code that a proceeding may be brought under, in force between
    two dates: a criminalisation (or decriminalisation) is a new row, not a code change."""

    country = models.ForeignKey("countries.Country", on_delete=models.CASCADE, related_name="qualifications")
    code = models.CharField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=16, choices=ProceedingKind.choices)
    article = models.CharField(_("article"), max_length=60)
    name_en = models.CharField(_("name in English"), max_length=300)
    names = models.JSONField(default=dict, blank=True)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("legal qualification")
        verbose_name_plural = _("legal qualifications")
        ordering = ["order", "code"]
        constraints = [models.UniqueConstraint(fields=["country", "code"], name="qualification_code_unique")]

    def __str__(self) -> str:
        return f"{self.article} {self.name}"


class Order(models.Model):
    """A protection order of a case, from the application to its end, under the version of its type in force on
    the application date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="protection_orders")
    # The case's territory when applied for: the register reads it through its own index.
    territory = models.ForeignKey("territory.Territory", on_delete=models.PROTECT, related_name="+")
    measure = models.ForeignKey(MeasureType, on_delete=models.PROTECT, related_name="orders")
    rules_version = models.CharField(_("version of the law"), max_length=40)
    applicant_kind = models.CharField(_("applicant"), max_length=24, choices=ApplicantKind.choices)
    applicant_agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    respondent = models.ForeignKey("cases.Participant", on_delete=models.PROTECT, related_name="+")
    protected = models.ManyToManyField("cases.Participant", related_name="+", verbose_name=_("protected persons"))
    issuer = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="orders_issued")
    applied_at = models.DateTimeField(_("applied"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.APPLIED)
    status_changed_at = models.DateTimeField(default=timezone.now)

    decision_due_at = models.DateTimeField(_("decision due"), null=True, blank=True)
    hearing_due_at = models.DateTimeField(_("hearing due"), null=True, blank=True)
    hearing_at = models.DateTimeField(_("hearing"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refusal_text = EncryptedTextField(_("grounds for refusal"), blank=True)
    notification_due_at = models.DateTimeField(_("copies due"), null=True, blank=True)
    served_at = models.DateTimeField(_("copies sent"), null=True, blank=True)
    starts_at = models.DateTimeField(_("start"), null=True, blank=True)
    ends_at = models.DateTimeField(_("end"), null=True, blank=True)
    # [{code, number?}]: what the order imposes, from the conditions its version offers.
    conditions = models.JSONField(_("conditions"), default=list, blank=True)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="followers", verbose_name=_("follows")
    )
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices, blank=True)
    automatically_extended_at = models.DateTimeField(null=True, blank=True)
    appealed_at = models.DateTimeField(_("appealed"), null=True, blank=True)
    appeal_outcome = models.CharField(_("appeal"), max_length=8, choices=AppealOutcome.choices, blank=True)
    ended_text = EncryptedTextField(_("explanation"), blank=True)
    document = models.ForeignKey("cases.Attachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("protection order")
        verbose_name_plural = _("protection orders")
        indexes = [
            models.Index(fields=["case", "applied_at"], name="order_case_idx"),
            models.Index(fields=["territory", "applied_at", "id"], name="order_territory_idx"),
            models.Index(fields=["issuer", "applied_at", "id"], name="order_issuer_idx"),
            # The tick's expiry, reminders and the register's "expiring" filter.
            models.Index(fields=["ends_at"], condition=Q(status__in=list(PROTECTING)), name="order_protecting_end_idx"),
            models.Index(
                fields=["decision_due_at"], condition=Q(status=OrderStatus.APPLIED), name="order_decision_due_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(starts_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="order_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Protection order')} #{self.pk}"

    def protects_at(self, moment) -> bool:
        return (
            self.status in PROTECTING
            and self.starts_at is not None
            and self.ends_at is not None
            and self.starts_at <= moment < self.ends_at
        )

    @property
    def is_protecting(self) -> bool:
        return self.protects_at(timezone.now())


class Breach(models.Model):
    """A breach of an order: when, who reported it, which conditions, and what was done."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="breaches")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    occurred_at = models.DateTimeField(_("time of the breach"))
    reported_by_kind = models.CharField(_("reported by"), max_length=24, choices=ApplicantKind.choices)
    conditions = models.JSONField(_("conditions breached"), default=list)
    description = EncryptedTextField(_("what happened"), blank=True)
    response = models.CharField(_("response"), max_length=24, choices=BreachResponse.choices)
    response_text = EncryptedTextField(_("response in detail"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("breach")
        verbose_name_plural = _("breaches")
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["order", "occurred_at"], name="breach_order_idx")]

    def __str__(self) -> str:
        return f"{_('Breach')} #{self.pk}"


class Gap(models.Model):
    """A time when a survivor at HIGH risk or above had no order protecting her after one ended or was refused.
    Opened by the tick with an alert; closed when an order protects her again, the risk falls or the case closes."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    territory = models.ForeignKey("territory.Territory", on_delete=models.PROTECT, related_name="+")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="gaps")
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("protection gap")
        verbose_name_plural = _("protection gaps")
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(closed_at__isnull=True), name="gap_one_open_per_case")
        ]
        indexes = [
            models.Index(fields=["territory", "opened_at"], condition=Q(closed_at__isnull=True), name="gap_open_idx")
        ]

    def __str__(self) -> str:
        return f"{_('Protection gap')} #{self.pk}"


class Proceeding(models.Model):
    """The criminal or administrative proceedings that followed an incident, with the stage reached."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="proceedings")
    incident = models.ForeignKey("cases.Incident", on_delete=models.PROTECT, related_name="proceedings")
    territory = models.ForeignKey("territory.Territory", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=ProceedingKind.choices)
    body = models.CharField(_("body"), max_length=12, choices=Body.choices)
    qualification = models.ForeignKey(Qualification, on_delete=models.PROTECT, related_name="+")
    reference = EncryptedTextField(_("file number"), blank=True)
    stage = models.CharField(_("stage"), max_length=24, choices=Stage.choices)
    stage_on = models.DateField(_("stage reached on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("proceedings")
        verbose_name_plural = _("proceedings")
        indexes = [
            models.Index(fields=["case", "created_at"], name="proceeding_case_idx"),
            models.Index(fields=["territory", "stage"], name="proceeding_territory_idx"),
        ]

    def __str__(self) -> str:
        return f"{_('Proceedings')} #{self.pk}"


class Step(models.Model):
    """One stage of a proceeding, with its date and, where it ends one, the reason or the sanction."""

    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(_("stage"), max_length=24, choices=Stage.choices)
    on = models.DateField(_("date"))
    body = models.CharField(_("body"), max_length=12, choices=Body.choices)
    end_reason = models.CharField(_("reason"), max_length=24, choices=EndReason.choices, blank=True)
    sanction = models.CharField(_("sanction"), max_length=24, choices=Sanction.choices, blank=True)
    sanction_text = EncryptedTextField(_("sanction in detail"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = CaseScopedQuerySet.as_manager()
    case_path = "proceeding__case"

    class Meta:
        verbose_name = _("stage of proceedings")
        verbose_name_plural = _("stages of proceedings")
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{_('Stage')} #{self.pk}"
