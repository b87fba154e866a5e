from __future__ import annotations

import calendar
import datetime
import zoneinfo

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Country(models.Model):
    """A loaded country pack's settings. Legal and calendar data keep their effective dates in child tables."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
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

    def working_days_on(self, day: datetime.date) -> list[int]:
        """ISO weekdays (1 = Monday) that are working days under the rule in force on `day`."""
        rule = self.working_weeks.filter(effective_from__lte=day).order_by("-effective_from").first()
        return rule.days if rule else [1, 2, 3, 4, 5]

    def local_date(self, moment: datetime.datetime) -> datetime.date:
        """The date of `moment` where the country is: deadlines and windows are counted in its time zone."""
        return timezone.localtime(moment, zoneinfo.ZoneInfo(self.time_zone)).date()

    def today(self) -> datetime.date:
        return self.local_date(timezone.now())

    def is_working_day(self, day: datetime.date) -> bool:
        if day.isoweekday() not in self.working_days_on(day):
            return False
        return not self.holidays.filter(date=day).exists()


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


class Holiday(models.Model):
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="holidays")
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["country", "date"], name="holiday_unique_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole calendar months, clamped to the month's last day (29 February + 12 months = 28th)."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))
