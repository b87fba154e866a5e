from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from concord.common.translated import TranslatedName, names_field
from concord.countries import calendar
from concord.countries.clock import country_local_date, country_today


class Country(TranslatedName, models.Model):
    """A loaded country pack's settings. Legal and calendar data keep their effective dates in child tables."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name_en = models.CharField(_("name in English"), max_length=100)
    names = names_field()
    languages = models.JSONField(_("languages"), default=list)
    default_language = models.CharField(_("default language"), max_length=8)
    time_zone = models.CharField(_("time zone"), max_length=64)
    case_number_format = models.CharField(_("case number format"), max_length=100)
    territory_levels = models.JSONField(_("territory level names"), default=dict)
    demo_district = models.CharField(_("demo district"), max_length=20, blank=True)
    pack_digest = models.CharField(max_length=64, editable=False)
    loaded_at = models.DateTimeField(_("loaded"), auto_now=True)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def level_name(self, level: int) -> str:
        names = self.territory_levels.get(str(level), {})
        return names.get(get_language() or "en") or names.get("en", "")

    def local_date(self, moment: datetime.datetime) -> datetime.date:
        """The date of `moment` where the country is: deadlines and windows are counted in its time zone."""
        return country_local_date(self.code, moment)

    def today(self) -> datetime.date:
        return country_today(self.code)

    def is_working_day(self, day: datetime.date) -> bool:
        return calendar.working_calendar(self.code).is_working_day(day)


class WorkingWeek(models.Model):
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="working_weeks")
    effective_from = models.DateField(_("effective from"))
    days = models.JSONField(_("working days"))

    class Meta:
        verbose_name = _("working week")
        verbose_name_plural = _("working weeks")
        constraints = [models.UniqueConstraint(fields=["country", "effective_from"], name="working_week_unique_start")]

    def __str__(self) -> str:
        return f"{self.country.code} {self.effective_from}"


class CalendarDay(TranslatedName, models.Model):
    """A day that differs from the working week: a public holiday, a transferred working day (a day off made a
    working day by decree) or a shortened pre-holiday working day. Each says which law or decree it comes from."""

    class Kind(models.TextChoices):
        HOLIDAY = calendar.HOLIDAY, _("Public holiday")
        WORKING_DAY = calendar.WORKING_DAY, _("Transferred working day")
        SHORT_DAY = calendar.SHORT_DAY, _("Shortened working day")

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="calendar_days")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.HOLIDAY)
    # A holiday the law fixes to the same date every year: `calendar_year` carries it into a new year's draft.
    yearly = models.BooleanField(_("same date every year"), default=False)
    source = models.CharField(_("source"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    names = names_field()

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["country", "date"], name="calendar_day_unique_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.name or self.get_kind_display()}"
