"""The statistics module's own tables: one narrow row per incident, derived from the case register.

A national table groups hundreds of thousands of incidents at a time. Joined live through cases, participants and
people, each count would read the wide, encrypted rows of the register; these facts hold only the non-identifying
columns a table is grouped by (dates in the country's calendar, territory, agency kind, classification, the
survivor's sex, age band at the incident and disability), so a yearly report reads one narrow table. They are
derived, never edited: `facts.refresh` writes them when an incident is recorded or its case gains a participant, and
the nightly rebuild (a `tick` job) brings in every other change (a corrected birth year, a merged person).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from concord.cases.scoping import CaseScopedQuerySet
from concord.stats.choices import ExportKind, ExportStatus


class IncidentFact(models.Model):
    incident = models.OneToOneField(
        "cases.Incident", primary_key=True, on_delete=models.CASCADE, related_name="stats_fact"
    )
    # Kept for the consent requirement, which is read live: a withdrawn consent counts at once, not the next night.
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    country_code = models.CharField(max_length=2)
    territory = models.ForeignKey("territory.Territory", on_delete=models.PROTECT, related_name="+")
    agency_kind = models.CharField(max_length=40)
    occurred_on = models.DateField()  # in the country's calendar
    reported_on = models.DateField()
    gbvims_type = models.CharField(max_length=24)
    injury = models.CharField(max_length=20, default="")  # "" in facts written before it was kept
    delay_band = models.CharField(max_length=8)
    survivor_sex = models.CharField(max_length=10, blank=True)
    survivor_age_band = models.CharField(max_length=8)  # at the incident
    survivor_disability = models.CharField(max_length=20, blank=True)
    # Only so that an indicator of victims counts each woman once (catalogue.Indicator.once_per); never shown. Null
    # in facts written before it was kept, until the nightly rebuild.
    survivor_person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_repeat = models.BooleanField()
    is_escalation = models.BooleanField()

    # Like every row of a case, reachable by case scope should anything read facts for a person (the statistics
    # count them nationally, never row by row: catalogue.py says why they do not pass through visible_to).
    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident for statistics")
        verbose_name_plural = _("incidents for statistics")
        indexes = [
            models.Index(fields=["country_code", "occurred_on"], name="stats_fact_occurred"),
            models.Index(fields=["country_code", "reported_on"], name="stats_fact_reported"),
        ]

    def __str__(self) -> str:
        return f"Incident fact #{self.pk}"


class IncidentFactRelationship(models.Model):
    """One row per distinct relationship of an incident's alleged perpetrators ("" when one was not recorded)."""

    fact = models.ForeignKey(IncidentFact, on_delete=models.CASCADE, related_name="relationships")
    relationship = models.CharField(max_length=24, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["fact", "relationship"], name="stats_fact_relationship_once")]

    def __str__(self) -> str:
        return f"Incident fact relationship #{self.pk}"


class IncidentFactContext(models.Model):
    """One row per context of an incident (contexts are not exclusive)."""

    fact = models.ForeignKey(IncidentFact, on_delete=models.CASCADE, related_name="contexts")
    context = models.CharField(max_length=24)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["fact", "context"], name="stats_fact_context_once")]

    def __str__(self) -> str:
        return f"Incident fact context #{self.pk}"


class FactRebuild(models.Model):
    """When a country's facts were last rebuilt whole; the pages say the figures are as of then."""

    country_code = models.CharField(max_length=2, primary_key=True)
    rebuilt_at = models.DateTimeField()
    incidents = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"Statistics rebuild {self.country_code}"


class StatisticsRule(models.Model):
    """A country's rule for statistical use, from a date on (statistics.yaml): whether a survivor's records are
    counted only with her consent to statistical use."""

    country = models.ForeignKey("countries.Country", on_delete=models.CASCADE, related_name="+")
    effective_from = models.DateField()
    consent_required = models.BooleanField()
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["country", "effective_from"], name="stats_rule_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"Statistics rule {self.country_id} from {self.effective_from}"


class StatisticsExport(models.Model):
    """A file of published (suppressed) numbers made in the background for the person who asked, and kept for them.
    It holds counts only, so it is stored as it is; who asked and who downloaded it is audited."""

    requested_by = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    country_code = models.CharField(max_length=2)
    kind = models.CharField(_("kind"), max_length=12, choices=ExportKind.choices)
    indicator = models.CharField(_("indicator"), max_length=60, blank=True)  # a code; blank for the yearly report
    params = models.JSONField(default=dict)  # the filters as validated, replayed by the worker
    language = models.CharField(max_length=8)
    status = models.CharField(_("status"), max_length=8, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    filename = models.CharField(max_length=120, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    content = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-requested_at"], name="stats_export_mine")]

    def __str__(self) -> str:
        return f"Statistics export #{self.pk}"


class YearCounts(models.Model):
    """One indicator's counts over a country's whole calendar year, grouped once a night and kept (report.py says
    why and what voids them). The groups hold keys and counts only, never a name or a row."""

    country_code = models.CharField(max_length=2)
    year = models.PositiveSmallIntegerField()
    indicator = models.CharField(max_length=60)  # a code of the catalogue
    # The consent rule they were counted under: counts kept under another rule than today's are not read.
    consent_required = models.BooleanField()
    counted_at = models.DateTimeField()
    cubes = models.JSONField()  # {split: [[breakdown key, dimension key, count], …]}
    distinct_total = models.PositiveIntegerField()
    left_out = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["country_code", "year", "indicator"], name="stats_year_counts_once"),
        ]

    def __str__(self) -> str:
        return f"Year counts {self.country_code} {self.year} {self.indicator}"
