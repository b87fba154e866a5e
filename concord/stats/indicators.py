"""The indicators over the case core: the GBVIMS incident tables (DOMAIN.md §2). Other modules register theirs from
their own `stats.py`, loaded by their app config."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, CharField, F, Q, Value, When
from django.utils.translation import gettext_lazy as _

from concord.cases.choices import GbvType, Relationship
from concord.cases.models import Incident
from concord.stats.catalogue import Breakdown, Indicator, register

EVERY_DIMENSION = ("period", "territory", "agency_kind", "sex", "age_band", "disability")
GBVIMS = "GBVIMS"

# Days between incident and report, banded as GBVIMS does: the first two bands are the windows for post-exposure
# prophylaxis (72 hours) and emergency contraception (120 hours), which is why the delay matters.
REPORT_DELAY_BANDS = (
    ("0-3", _("0–3 days"), 0, 3),
    ("4-5", _("4–5 days"), 4, 5),
    ("6-14", _("6–14 days"), 6, 14),
    ("15-30", _("2 weeks to 1 month"), 15, 30),
    ("31+", _("More than 1 month"), 31, None),
)


def _incidents() -> Any:
    return Incident.objects.all()


def _delay_band(indicator: Indicator) -> Case:
    whens = []
    for code, _label, low, high in REPORT_DELAY_BANDS:
        condition = Q(report_delay_days__gte=low) & (Q(report_delay_days__lte=high) if high is not None else Q())
        whens.append(When(condition, then=Value(code)))
    return Case(*whens, output_field=CharField())


def _incident_indicator(code: str, name: Any, definition: Any, breakdown: Breakdown) -> Indicator:
    return register(
        Indicator(
            code=code,
            name=name,
            definition=definition,
            unit=_("incidents"),
            source=GBVIMS,
            rows=_incidents,
            dates={"incident": "occurred_at", "report": "reported_at"},
            territory="territory",
            agency="reporting_agency",
            case="case",
            breakdown=breakdown,
            dimensions=EVERY_DIMENSION,
        )
    )


_incident_indicator(
    code="gbvims-incidents-by-type",
    name=_("Incidents by type of violence"),
    definition=_(
        "Incidents recorded, each counted once under the most serious of its GBVIMS core types (rape, sexual "
        "assault, physical assault, forced marriage, denial of resources, psychological abuse), derived from the "
        "acts recorded."
    ),
    breakdown=Breakdown(_("type of violence"), lambda indicator: F("gbvims_type"), lambda: list(GbvType.choices)),
)

_incident_indicator(
    code="gbvims-time-to-report",
    name=_("Time between incident and report"),
    definition=_(
        "Incidents by the days between the incident and its report to an agency. The first bands are the "
        "windows in which post-exposure prophylaxis (72 hours) and emergency contraception (120 hours) can "
        "still be given."
    ),
    breakdown=Breakdown(
        _("time to report"),
        _delay_band,
        lambda: [(code, label) for code, label, _low, _high in REPORT_DELAY_BANDS],
    ),
)

_incident_indicator(
    code="gbvims-perpetrator-relationship",
    name=_("Incidents by the alleged perpetrator's relationship to the survivor"),
    definition=_(
        "Incidents by the relationship of the alleged perpetrators to the survivor. An incident with several "
        "alleged perpetrators of different relationships is counted under each, so the categories add up to "
        "more than the total."
    ),
    breakdown=Breakdown(
        _("relationship"),
        lambda indicator: F("perpetrators__relationship"),
        lambda: [*Relationship.choices, ("", _("Not recorded"))],
        overlapping=True,
    ),
)
