"""The filters of a statistics table. Every choice is checked here against what the indicator and the country
offer: a territory of another country, a dimension the indicator lacks, a date it cannot be counted by are refused
with a message, never passed to a query."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from concord.accounts.models import AgencyKind
from concord.countries.calendar import add_months
from concord.countries.clock import country_today
from concord.people.choices import Disability, Sex
from concord.stats import catalogue, selectors
from concord.stats.catalogue import AGE_BANDS, Filters, Indicator
from concord.stats.comparing import WINDOWS, Comparison, compare, legal_changes
from concord.stats.report import year_filters
from concord.territory.models import Territory

PERIODS = (("year", _("by year")), ("quarter", _("by quarter")), ("month", _("by month")))
FIRST_YEAR = 2000
LAST_YEAR = 2100


class TerritoryField(forms.ModelChoiceField):
    """Units listed in their tree order, each indented under the one it lies in."""

    def label_from_instance(self, obj: Any) -> str:
        return "\u2003" * max(obj.level - 1, 0) + obj.name


class TableForm(forms.Form):
    year_from = forms.IntegerField(label=_("from year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    year_to = forms.IntegerField(label=_("to year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False)
    date = forms.ChoiceField(label=_("counted by"), required=False)
    by = forms.ChoiceField(label=_("split by"), required=False)
    period = forms.ChoiceField(label=_("periods"), choices=PERIODS, required=False)
    territory = TerritoryField(label=_("territory"), queryset=Territory.objects.none(), required=False)
    agency_kind = forms.ChoiceField(label=_("agency kind"), required=False)
    sex = forms.ChoiceField(label=_("sex"), choices=[("", _("all"))] + list(Sex.choices), required=False)
    age_band = forms.ChoiceField(label=_("age band"), required=False)
    disability = forms.ChoiceField(
        label=_("disability"), choices=[("", _("all"))] + list(Disability.choices), required=False
    )

    def __init__(self, data: Any, *, indicator: Indicator, country_code: str) -> None:
        super().__init__(data)
        self.indicator = indicator
        self.country_code = country_code
        date, by, territory = self.fields["date"], self.fields["by"], self.fields["territory"]
        agency_kind, age_band = self.fields["agency_kind"], self.fields["age_band"]
        assert isinstance(date, forms.ChoiceField) and isinstance(by, forms.ChoiceField)
        assert isinstance(agency_kind, forms.ChoiceField) and isinstance(age_band, forms.ChoiceField)
        assert isinstance(territory, forms.ModelChoiceField)
        date.choices = [(key, catalogue.date_label(key)) for key in indicator.dates]
        by.choices = [("", _("nothing"))] + [(code, catalogue.dimension(code).label) for code in indicator.dimensions]
        territory.queryset = Territory.objects.filter(country_code=country_code.lower(), level__in=(1, 2)).order_by(
            "path"
        )
        territory.empty_label = _("the whole country")
        agency_kind.choices = [("", _("all"))] + [
            (kind.code, kind.name) for kind in AgencyKind.objects.filter(country_code=country_code.lower())
        ]
        age_band.choices = [("", _("all"))] + [(code, label) for code, label, _l, _h in AGE_BANDS]
        if indicator.agency_kind is None:
            del self.fields["agency_kind"]
        if indicator.survivor is None:
            for name in ("sex", "age_band", "disability"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start = data.get("year_from")
        end = data["year_to"] = data.get("year_to") or start
        if start and end and end < start:
            raise forms.ValidationError(_("The last year comes before the first."))
        if start and end and end - start > 30:
            raise forms.ValidationError(_("Choose at most thirty years."))
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        return self.filters_between(datetime.date(data["year_from"], 1, 1), datetime.date(data["year_to"] + 1, 1, 1))

    def filters_between(self, start: datetime.date, end: datetime.date) -> Filters:
        data = self.cleaned_data
        territory = data.get("territory")
        return selectors.country_filters(
            self.country_code,
            start,
            end,
            date=data.get("date") or "",
            territory_path=territory.path if territory else "",
            agency_kind=data.get("agency_kind") or "",
            sex=data.get("sex") or "",
            age_band=data.get("age_band") or "",
            disability=data.get("disability") or "",
            period=data.get("period") or "year",
        )


def country_of(user: Any) -> str:
    agency = user.agency
    return agency.territory.country_code if agency else ""


def table_form_for(user: Any, indicator: Indicator, params: Any) -> TableForm:
    """The filters a page or an API request asked for, over the defaults (last full year in the reader's country,
    by the indicator's first date, split by nothing); a first year alone means that one year."""
    country = country_of(user)
    last_year = country_today(country).year - 1
    data = {"year_from": last_year, "year_to": last_year, "date": next(iter(indicator.dates))}
    data |= {key: value for key, value in params.items() if key != "format"}
    if "year_from" in params and "year_to" not in params:
        del data["year_to"]
    return TableForm(data, indicator=indicator, country_code=country)


class CompareForm(TableForm):
    """The filters of a comparison before and after a legal change: the change (from the pack) and the months on each
    side replace the years, the split and the periods."""

    change = forms.ChoiceField(label=_("legal change"))
    months = forms.TypedChoiceField(
        label=_("months on each side"), choices=[(months, str(months)) for months in WINDOWS], coerce=int
    )

    def __init__(self, data: Any, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        for name in ("year_from", "year_to", "by", "period"):
            del self.fields[name]
        self.changes = {change.key: change for change in legal_changes(self.country_code)}
        change = self.fields["change"]
        assert isinstance(change, forms.ChoiceField)
        change.choices = [
            (change.key, f"{change.day.isoformat()} · {change.label}") for change in self.changes.values()
        ]
        self.order_fields(["change", "months"])

    def clean(self) -> dict[str, Any]:
        data = forms.Form.clean(self) or {}
        change = self.changes.get(data.get("change", ""))
        if change is not None and add_months(change.day, 1) > country_today(self.country_code):
            raise forms.ValidationError(_("Less than a month has passed since this change: compare when it has."))
        data["legal_change"] = change
        return data

    def comparison(self) -> Comparison | None:
        """The comparison asked for, once the form is valid; None where the pack names no change yet."""
        change = self.cleaned_data["legal_change"]
        if change is None:
            return None
        return compare(
            self.indicator, self.filters_between(change.day, change.day), change, self.cleaned_data["months"]
        )


def compare_form_for(user: Any, indicator: Indicator, params: Any) -> CompareForm:
    """The comparison asked for, over the defaults (the newest change, a year on each side)."""
    country = country_of(user)
    changes = legal_changes(country)
    data = {"months": 12, "date": next(iter(indicator.dates)), "change": changes[0].key if changes else ""}
    data |= {key: value for key, value in params.items() if key != "format"}
    return CompareForm(data, indicator=indicator, country_code=country)


class ReportRequestForm(forms.Form):
    """The yearly report asked for: a year and one of the interface languages."""

    year = forms.IntegerField(label=_("year"), min_value=FIRST_YEAR)
    language = forms.ChoiceField(label=_("language"))

    def __init__(self, data: Any = None, *, country_code: str) -> None:
        from django.conf import settings
        from django.utils.translation import get_language

        last = country_today(country_code).year
        super().__init__(data, initial={"year": last - 1, "language": get_language()})
        year = self.fields["year"]
        assert isinstance(year, forms.IntegerField)
        year.max_value = last
        year.validators.append(MaxValueValidator(last))
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [(code, name) for code, name in settings.LANGUAGES]


class DashboardForm(forms.Form):
    """A dashboard's year and territory (the whole country, a region or a district of the reader's country)."""

    year = forms.IntegerField(label=_("year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    territory = TerritoryField(label=_("territory"), queryset=Territory.objects.none(), required=False)

    def __init__(self, data: Any, *, country_code: str) -> None:
        last_year = country_today(country_code).year - 1
        super().__init__({"year": last_year} | {key: value for key, value in data.items() if value != ""})
        self.country_code = country_code
        territory = self.fields["territory"]
        assert isinstance(territory, forms.ModelChoiceField)
        territory.queryset = Territory.objects.filter(country_code=country_code.lower(), level__in=(1, 2)).order_by(
            "path"
        )
        territory.empty_label = _("the whole country")

    def filters(self) -> Filters:
        territory = self.cleaned_data.get("territory")
        return year_filters(
            self.country_code, self.cleaned_data["year"], territory_path=territory.path if territory else ""
        )
