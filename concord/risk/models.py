from __future__ import annotations

import json
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from concord.cases.scoping import CaseScopedQuerySet
from concord.common.crypto import EncryptedTextField
from concord.risk.choices import AssessmentSource, InstrumentStatus, Lowering, RiskLevel
from concord.risk.definitions import parse_definition
from concord.risk.scoring import Definition, factors_present

# What may still change on a published version: it can be retired (or brought back), nothing else.
MUTABLE_WHEN_PUBLISHED = {"status"}
PUBLISHED = {InstrumentStatus.ACTIVE, InstrumentStatus.RETIRED}


def translated(texts: dict[str, str] | None) -> str:
    """The text in the active language, falling back to English."""
    texts = texts or {}
    return texts.get(translation.get_language() or "en") or texts.get("en", "")


class InstrumentQuerySet(models.QuerySet):
    def in_force_on(self, day) -> InstrumentQuerySet:
        """Active versions in force on `day`. The country is left to `for_country`."""
        return (
            self.filter(status=InstrumentStatus.ACTIVE, effective_from__lte=day)
            .filter(models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=day))
            .order_by("code", "-effective_from")
        )

    def for_country(self, country_code: str) -> list[InstrumentVersion]:
        """Those of these versions the country may use, in order: the ones whose jurisdictions list it and the ones
        its pack adopts (InstrumentAdoption). A list, filtered here: JSON containment is not portable to SQLite."""
        adopted = set(
            InstrumentAdoption.objects.filter(country__code=country_code).values_list("instrument_id", flat=True)
        )
        return [version for version in self if country_code in version.jurisdictions or version.pk in adopted]


class InstrumentVersion(models.Model):
    """One version of a risk instrument, stored whole as its published definition (DOMAIN.md §1.8).

    Drafts may be replaced; once active or retired a version is immutable, so every assessment keeps meaning
    what it meant when it was made. An edit is a new version."""

    code = models.CharField(_("code"), max_length=40)
    version = models.CharField(_("version"), max_length=20)
    status = models.CharField(
        _("status"), max_length=10, choices=InstrumentStatus.choices, default=InstrumentStatus.DRAFT
    )
    method = models.CharField(_("method"), max_length=10)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective until"), null=True, blank=True)
    jurisdictions = models.JSONField(_("jurisdictions"), default=list)
    name = models.JSONField(_("name"), default=dict)
    licence_note = models.JSONField(_("licence note"), default=dict, blank=True)
    definition = models.JSONField(_("definition"))
    digest = models.CharField(max_length=64, editable=False)
    source = models.CharField(_("source"), max_length=60)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk instrument version")
        verbose_name_plural = _("risk instrument versions")
        ordering = ["code", "-effective_from", "-pk"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="instrument_version_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.version}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values().first()
            if stored is not None and stored["status"] in PUBLISHED:
                changed = {
                    field.attname
                    for field in self._meta.concrete_fields
                    if stored[field.attname] != getattr(self, field.attname)
                }
                if changed - MUTABLE_WHEN_PUBLISHED:
                    raise ValidationError(
                        _(
                            "Version %(version)s of %(code)s is published and cannot change; "
                            "publish the edit as a new version."
                        ),
                        code="published",
                        params={"version": stored["version"], "code": stored["code"]},
                    )
                if self.status == InstrumentStatus.DRAFT:
                    raise ValidationError(_("A published version cannot go back to draft."), code="published")
        if self.status in PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_published:
            raise ValidationError(_("A published version cannot be deleted; retire it instead."), code="published")
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status in PUBLISHED

    @property
    def display_name(self) -> str:
        return translated(self.name)

    @property
    def display_licence_note(self) -> str:
        return translated(self.licence_note)

    @property
    def overrides_allowed(self) -> bool:
        return bool((self.definition.get("override") or {}).get("allowed", True))

    @cached_property
    def parsed(self) -> Definition:
        return parse_definition(self.definition)

    def applies_to(self, country_code: str) -> bool:
        """Whether the country may use this version: its jurisdictions list the country, or the country adopts it."""
        return country_code in self.jurisdictions or self.adoptions.filter(country__code=country_code).exists()

    @property
    def countries(self) -> list[str]:
        """Every country that may use this version: its jurisdictions and the countries that adopt it (prefetch
        `adoptions__country` for a list)."""
        return sorted(set(self.jurisdictions) | {adoption.country.code for adoption in self.adoptions.all()})

    def item_texts(self) -> list[dict[str, Any]]:
        """The items as the form shows them, in the active language."""
        return [
            {
                "code": raw["code"],
                "text": translated(raw.get("text")),
                "help": translated(raw.get("help")),
                "section": raw.get("section", ""),
                "risk_factor": raw["risk_factor"],
                "response": raw.get("response", "yes_no"),
                "scale_max": raw.get("scale_max", 0),
                "applies_if": raw.get("applies_if"),
                "red_flag": raw.get("red_flag"),
            }
            for raw in self.definition["items"]
        ]


class InstrumentAdoption(models.Model):
    """A country's use of a published version whose jurisdictions do not list it: its pack's risk.yaml adopts the
    shared instrument by code and version (`adopt:`) instead of editing it. Loading the pack creates the row, and
    removes it when the pack drops the adoption; assessments made with the version keep it."""

    country = models.ForeignKey(
        "countries.Country", verbose_name=_("country"), on_delete=models.CASCADE, related_name="instrument_adoptions"
    )
    instrument = models.ForeignKey(
        InstrumentVersion, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="adoptions"
    )
    created_at = models.DateTimeField(_("adopted"), auto_now_add=True)

    class Meta:
        verbose_name = _("instrument adoption")
        verbose_name_plural = _("instrument adoptions")
        ordering = ["country", "instrument"]
        constraints = [models.UniqueConstraint(fields=["country", "instrument"], name="instrument_adoption_unique")]

    def __str__(self) -> str:
        return f"{self.country.code}: {self.instrument}"


class Assessment(models.Model):
    """One structured risk assessment, as made: its instrument version, the answers and the result are never
    recomputed with a newer version."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="assessments")
    survivor = models.ForeignKey(
        "cases.Participant", verbose_name=_("survivor"), on_delete=models.PROTECT, related_name="+"
    )
    perpetrator = models.ForeignKey(
        "cases.Participant",
        verbose_name=_("alleged perpetrator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    instrument = models.ForeignKey(
        InstrumentVersion, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="assessments"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessor"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey("accounts.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("source"), max_length=10, choices=AssessmentSource.choices)
    assessed_at = models.DateTimeField(_("assessed"), default=timezone.now, db_index=True)
    # Answers and findings say what happened to her: encrypted like a narrative.
    answers_json = EncryptedTextField(_("answers"))
    findings_json = EncryptedTextField(_("findings"), default="{}")
    score = models.FloatField(_("score"), null=True, blank=True)
    score_is_minimum = models.BooleanField(default=False)
    unknown_count = models.PositiveSmallIntegerField(default=0)
    incomplete = models.BooleanField(_("incomplete"), default=False)
    computed_level = models.PositiveSmallIntegerField(
        _("computed level"), choices=RiskLevel.choices, null=True, blank=True
    )
    override_level = models.PositiveSmallIntegerField(
        _("level by professional judgement"), choices=RiskLevel.choices, null=True, blank=True
    )
    override_rationale = EncryptedTextField(_("reason for the override"), blank=True)
    final_level = models.PositiveSmallIntegerField(_("level"), choices=RiskLevel.choices, null=True, blank=True)
    rules_version = models.CharField(_("rule version"), max_length=40, blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    # Set when the result is below the case's HIGH or EXTREME level at the time: what it lowers, why, and (where
    # the country's risk rules ask for it) a supervisor's decision. The reason says what happened to her: encrypted.
    lowered_from = models.PositiveSmallIntegerField(
        _("lowers the level from"), choices=RiskLevel.choices, null=True, blank=True
    )
    lowering_reason = EncryptedTextField(_("reason for the lower level"), blank=True)
    lowering = models.CharField(_("lowering"), max_length=10, choices=Lowering.choices, blank=True)
    lowering_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lowering_decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        ordering = ["-assessed_at", "-pk"]
        indexes = [models.Index(fields=["case", "assessed_at"], name="assessment_case_idx")]

    def __str__(self) -> str:
        return f"Assessment #{self.pk}"

    @property
    def answers(self) -> dict[str, str]:
        return json.loads(self.answers_json or "{}")

    @property
    def findings(self) -> dict[str, list[str]]:
        return json.loads(self.findings_json or "{}")

    @property
    def red_flags(self) -> list[str]:
        return self.findings.get("red_flags", [])

    @property
    def driving_factors(self) -> list[str]:
        return self.findings.get("driving_factors", [])

    @property
    def factors_present(self) -> list[str]:
        """Recomputed from the stored answers with today's rule, so that an assessment stored before the rule
        learned about opening questions does not list a factor nobody reported (the score is never recomputed)."""
        return factors_present(self.instrument.parsed, self.answers)

    @property
    def lowering_pending(self) -> bool:
        return self.lowering == Lowering.PENDING


class RiskRules(models.Model):
    """The country's risk numbers from a date on (country pack risk.yaml, DOMAIN.md §1.6 and §1.8): how soon each
    level is reassessed, the windows of the repeat and escalation flags, and whether lowering a high level needs a
    supervisor. `version` is stored with every flag and assessment it decided."""

    country = models.ForeignKey("countries.Country", on_delete=models.CASCADE, related_name="risk_rules")
    effective_from = models.DateField(_("effective from"))
    version = models.CharField(_("rule version"), max_length=40)
    review_days_extreme = models.PositiveSmallIntegerField(_("reassess extreme risk after (days)"))
    review_days_high = models.PositiveSmallIntegerField(_("reassess high risk after (days)"))
    review_days_medium = models.PositiveSmallIntegerField(_("reassess medium risk after (days)"))
    review_days_low = models.PositiveSmallIntegerField(_("reassess low risk after (days)"))
    # No scheduled reassessment when empty: a new incident still prompts one.
    review_days_none = models.PositiveSmallIntegerField(
        _("reassess when no risk was identified after (days)"), null=True, blank=True
    )
    review_days_incomplete = models.PositiveSmallIntegerField(_("complete an incomplete assessment within (days)"))
    repeat_window_months = models.PositiveSmallIntegerField(_("repeat window (months)"))
    escalation_count = models.PositiveSmallIntegerField(_("incidents that signal escalation"))
    escalation_window_months = models.PositiveSmallIntegerField(_("escalation window (months)"))
    # A new assessment that would lower a HIGH or EXTREME level waits for a supervisor of the owning agency.
    lowering_needs_confirmation = models.BooleanField(_("a lowered high or extreme level waits for confirmation"))

    class Meta:
        verbose_name = _("risk rules")
        verbose_name_plural = _("risk rules")
        ordering = ["effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["country", "effective_from"], name="risk_rules_start_unique"),
            models.UniqueConstraint(fields=["country", "version"], name="risk_rules_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.country_id} {self.version}"

    def review_days(self, level: int | None) -> int | None:
        """Days until the next reassessment for a final level (None: the assessment was incomplete)."""
        if level is None:
            return self.review_days_incomplete
        return [
            self.review_days_none,
            self.review_days_low,
            self.review_days_medium,
            self.review_days_high,
            self.review_days_extreme,
        ][level]


class ReassessmentCall(models.Model):
    """An event of another module that calls for a new assessment (a protection order breached): the case's
    reassessment is due from the day it was recorded until an assessment follows it. Kept, so that working the
    standing out again from the assessments and incidents does not lose it."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    event = models.CharField(max_length=32)
    object_id = models.PositiveBigIntegerField()
    called_at = models.DateTimeField(default=timezone.now)

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "object_id"], name="reassessment_call_once"),
        ]
        indexes = [models.Index(fields=["case", "called_at"], name="reassessment_call_case_idx")]

    def __str__(self) -> str:
        return f"{self.event} #{self.object_id}"
