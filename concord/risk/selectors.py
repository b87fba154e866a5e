"""Reads for risk. Assessments are case data and come only through Case.visible_to; instruments are reference
data that every member of staff may read."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from concord.accounts.capabilities import Capability
from concord.cases.models import Case
from concord.cases.scoping import VIEW, get_for
from concord.cases.selectors import DUE_OR_OVERDUE, reassessment_cases
from concord.countries.models import Country
from concord.risk.choices import InstrumentStatus
from concord.risk.models import Assessment, InstrumentVersion, RiskRules

if TYPE_CHECKING:
    from concord.accounts.models import User


def risk_rules_on(country: Country, day: datetime.date) -> RiskRules | None:
    """The country's risk rules in force on `day`."""
    return RiskRules.objects.filter(country=country, effective_from__lte=day).order_by("-effective_from").first()


def instrument_list_for(user: User) -> QuerySet[InstrumentVersion]:
    """Managers see drafts too; everyone else sees what is or was in use."""
    instruments = InstrumentVersion.objects.order_by("code", "-effective_from", "-pk").prefetch_related(
        "adoptions__country"
    )
    if user.has_capability(Capability.MANAGE_RISK_INSTRUMENTS):
        return instruments
    return instruments.exclude(status=InstrumentStatus.DRAFT)


def instrument_get_for(user: User, pk: int) -> InstrumentVersion:
    return get_object_or_404(instrument_list_for(user), pk=pk)


def instruments_for_case(case: Case, day: datetime.date) -> list[InstrumentVersion]:
    """The active versions a new assessment of this case may use, newest first within each code: those whose
    jurisdictions list the case's country and those the country's pack adopts."""
    return InstrumentVersion.objects.in_force_on(day).for_country(case.territory.country_code)


def assessment_list(case: Case) -> QuerySet[Assessment]:
    """A case's assessments, oldest first (the history chart reads left to right); the caller has checked the case."""
    return (
        Assessment.objects.filter(case=case)
        .select_related("instrument", "assessor", "agency")
        .order_by("assessed_at", "pk")
    )


def standing_assessment(case: Case) -> Assessment | None:
    """The assessment that gave the case its standing level (see services.case_risk_refresh)."""
    if case.risk_assessed_at is None:
        return None
    return (
        Assessment.objects.filter(case=case, assessed_at=case.risk_assessed_at, final_level=case.risk_level)
        .select_related("assessor", "agency")
        .order_by("-pk")
        .first()
    )


def standing_notes(case: Case, assessments: list[Assessment]) -> list[str]:
    """What stands beside the case's level: a later incomplete assessment, a lower level awaiting confirmation."""
    notes = []
    after = [a for a in assessments if case.risk_assessed_at is None or a.assessed_at > case.risk_assessed_at]
    if any(a.incomplete for a in after):
        latest = max((a for a in after if a.incomplete), key=lambda a: (a.assessed_at, a.pk))
        notes.append(
            _("Latest assessment (%(date)s) incomplete: the level above stands.")
            % {"date": date_format(timezone.localtime(latest.assessed_at), "SHORT_DATE_FORMAT")}
        )
    notes.extend(
        _("A lower level (%(level)s) awaits a supervisor's confirmation.")
        % {"level": assessment.get_final_level_display()}
        for assessment in assessments
        if assessment.lowering_pending
    )
    return notes


def header_notes(user: User, case: Case) -> list[str]:
    """For the header of every case page (cases.extension.register_header_notes)."""
    fields = ("pk", "case_id", "assessed_at", "incomplete", "final_level", "lowering")
    return standing_notes(case, list(Assessment.objects.filter(case=case).only(*fields)))


def assessment_list_for(user: User) -> QuerySet[Assessment]:
    return Assessment.objects.visible_to(user).select_related("instrument", "assessor", "agency", "case")


def assessment_get_for(user: User, pk: int, action: str = VIEW) -> Assessment:
    """404 unless the user may see (or, for "edit", change) the assessment's case."""
    return get_for(Assessment.objects.select_related("instrument", "assessor", "agency", "case"), user, pk, action)


def reassessment_reminders(country: Country, today: datetime.date) -> QuerySet[Case]:
    """For the periodic tick, not for a person: every open case of the country whose reassessment is due today or
    overdue. Nothing of it is shown; it only decides whom to remind, by case id."""
    cases = Case.objects.filter(territory__country_code=country.code)
    return (
        reassessment_cases(cases, today, DUE_OR_OVERDUE).select_related("lead_worker", "owning_agency").order_by("pk")
    )
