"""The indicators over the case core: the GBVIMS incident tables (DOMAIN.md §2). Other modules register theirs from
their own `stats.py`, loaded by their app config."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, CharField, Value, When
from django.utils.translation import gettext_lazy as _

from concord.cases.choices import CaseContext, GbvType, Injury, Relationship
from concord.people.choices import Sex
from concord.stats.catalogue import AGE_BANDS, Breakdown, Indicator, by_field, register, register_date, survivor_columns
from concord.stats.facts import REPORT_DELAY_BANDS
from concord.stats.models import IncidentFact

EVERY_DIMENSION = ("period", "territory", "agency_kind", "sex", "age_band", "disability")
GBVIMS = "GBVIMS"
ADULT_AGE = 18  # EIGE's indicators of women victims count women from this age

register_date("incident", _("date of the incident"))
register_date("report", _("date of the report"))


def _incidents() -> Any:
    return IncidentFact.objects.all()


def _incident_indicator(
    code: str,
    name: Any,
    definition: Any,
    breakdown: Breakdown | None,
    *,
    rows: Any = _incidents,
    unit: Any = None,
    source: str = GBVIMS,
    dimensions: tuple[str, ...] = EVERY_DIMENSION,
    once_per: str | None = None,
) -> Indicator:
    return register(
        Indicator(
            code=code,
            name=name,
            definition=definition,
            unit=unit or _("incidents"),
            source=source,
            rows=rows,
            dates={"incident": "occurred_on", "report": "reported_on"},
            territory="territory",
            agency_kind="agency_kind",
            survivor=survivor_columns("case", "survivor_sex", "survivor_age_band", "survivor_disability"),
            breakdown=breakdown,
            dimensions=dimensions,
            once_per=once_per,
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
    breakdown=by_field(_("type of violence"), "gbvims_type", GbvType.choices),
)

_incident_indicator(
    code="gbvims-time-to-report",
    name=_("Time between incident and report"),
    definition=_(
        "Incidents by the days between the incident and its report to an agency. The first bands are the "
        "windows in which post-exposure prophylaxis (72 hours) and emergency contraception (120 hours) can "
        "still be given."
    ),
    breakdown=by_field(
        _("time to report"), "delay_band", [(code, label) for code, label, _low, _high in REPORT_DELAY_BANDS]
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
    breakdown=by_field(
        _("relationship"),
        "relationships__relationship",
        [*Relationship.choices, ("", _("Not recorded"))],
        overlapping=True,
        repeats=False,  # the facts hold each relationship once an incident
    ),
)

_incident_indicator(
    code="gbvims-incidents-by-context",
    name=_("Incidents by context"),
    definition=_(
        "Incidents by the context in which they happened (intimate partner, another family member, child sexual "
        "abuse, early or child marriage, other), derived from the relationships and ages recorded. Contexts are "
        "not exclusive: an incident in two contexts is counted under each, so the categories add up to more "
        "than the total."
    ),
    breakdown=by_field(_("context"), "contexts__context", CaseContext.choices, overlapping=True, repeats=False),
)

REPEAT_CATEGORIES = (
    ("escalation", _("Escalation: a repeat, more serious than before")),
    ("repeat", _("Repeat, not more serious")),
    ("first", _("First recorded incident")),
)

_incident_indicator(
    code="incidents-repeat-escalation",
    name=_("Repeat and escalating incidents"),
    definition=_(
        "Incidents by whether they repeat violence already recorded against the same survivor within the "
        "country's window, and whether the repeat is more serious than before (the flags set by the risk rules "
        "when the incident is recorded). The share of repeats is the repeat rate; the share of escalations the "
        "escalation rate."
    ),
    breakdown=Breakdown(
        _("repeat"),
        lambda indicator: Case(
            When(is_escalation=True, then=Value("escalation")),
            When(is_repeat=True, then=Value("repeat")),
            default=Value("first"),
            output_field=CharField(),
        ),
        lambda filters: list(REPEAT_CATEGORIES),
    ),
)

_incident_indicator(
    code="eige-femicides",
    name=_("Women and girls killed"),
    definition=_(
        "Women and girls who died of the violence recorded (an incident whose injuries are recorded as fatal), by "
        "the context of the incident: the intimate-partner row gives the femicides by a current or former "
        "partner. Only deaths an agency recorded in the register are counted; police and court records of "
        "homicide are the fuller source."
    ),
    breakdown=by_field(_("context"), "contexts__context", CaseContext.choices, overlapping=True, repeats=False),
    rows=lambda: IncidentFact.objects.filter(injury=Injury.FATAL, survivor_sex=Sex.FEMALE),
    unit=_("women and girls"),
    source="EIGE / Istanbul Convention Art. 11",
)

_incident_indicator(
    code="eige-ipv-women-victims",
    name=_("Women victims of intimate-partner violence"),
    definition=_(
        "Women aged 18 and over against whom violence by a current or former intimate partner was recorded, each "
        "counted once however many such incidents were recorded: at her first one in the period, whose territory, "
        "agency kind and age band she is counted under. With the police chosen as agency kind, it is the EIGE "
        "indicator of women victims of intimate-partner violence recorded by the police. Women whose age is not "
        "known are not counted."
    ),
    breakdown=None,
    rows=lambda: IncidentFact.objects.filter(
        contexts__context=CaseContext.INTIMATE_PARTNER,
        survivor_sex=Sex.FEMALE,
        survivor_age_band__in=[code for code, _label, low, _high in AGE_BANDS if low >= ADULT_AGE],
    ),
    unit=_("women"),
    source="EIGE / Istanbul Convention Art. 11",
    dimensions=tuple(code for code in EVERY_DIMENSION if code != "sex"),
    once_per="survivor_person",
)
