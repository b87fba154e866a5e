"""Keeps the incident facts (models.IncidentFact) in step with the register.

Each refresh deletes the facts of the incidents it covers and derives them again in one INSERT … SELECT, so the
database does the work in a single statement whatever the number of incidents (a country's nightly rebuild is two
million rows) and the derivation exists once, in the queryset below, for the hook, the nightly job and the national
data set alike.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Case, CharField, F, FilteredRelation, Q, QuerySet, Value, When
from django.db.models.functions import ExtractYear, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concord.cases.choices import CaseContext, ParticipantRole
from concord.cases.models import Incident
from concord.countries.clock import zone_of
from concord.stats.catalogue import age_band_of
from concord.stats.models import FactRebuild, IncidentFact, IncidentFactContext, IncidentFactRelationship

logger = logging.getLogger(__name__)

# Days between incident and report, banded as GBVIMS does: the first two bands are the windows for post-exposure
# prophylaxis (72 hours) and emergency contraception (120 hours), which is why the delay matters.
REPORT_DELAY_BANDS = (
    ("0-3", _("0–3 days"), 0, 3),
    ("4-5", _("4–5 days"), 4, 5),
    ("6-14", _("6–14 days"), 6, 14),
    ("15-30", _("2 weeks to 1 month"), 15, 30),
    ("31+", _("More than 1 month"), 31, None),
)

SURVIVOR = "stats_fact_survivor"


def _delay_band() -> Case:
    whens = []
    for code, _label, low, high in REPORT_DELAY_BANDS:
        condition = Q(report_delay_days__gte=low) & (Q(report_delay_days__lte=high) if high is not None else Q())
        whens.append(When(condition, then=Value(code)))
    return Case(*whens, default=Value(""), output_field=CharField())


def _fact_columns(zone: datetime.tzinfo) -> dict[str, Any]:
    """Each fact column and the expression over an incident that derives it."""
    return {
        "incident": F("pk"),
        "case": F("case_id"),
        "country_code": F("territory__country_code"),
        "territory": F("territory_id"),
        "agency_kind": F("reporting_agency__kind__code"),
        "occurred_on": TruncDate("occurred_at", tzinfo=zone),
        "reported_on": TruncDate("reported_at", tzinfo=zone),
        "gbvims_type": F("gbvims_type"),
        "injury": F("injury"),
        "delay_band": _delay_band(),
        "survivor_sex": F(f"{SURVIVOR}__person__sex"),
        # The age at the incident, as GBVIMS counts it, whichever date a table is later counted by.
        "survivor_age_band": age_band_of(f"{SURVIVOR}__person__birth_year", ExtractYear("occurred_at", tzinfo=zone)),
        "survivor_disability": F(f"{SURVIVOR}__person__disability"),
        "survivor_person": F(f"{SURVIVOR}__person_id"),
        "is_repeat": F("is_repeat"),
        "is_escalation": F("is_escalation"),
    }


def _with_survivor(incidents: QuerySet[Incident]) -> QuerySet[Incident]:
    # A case has exactly one survivor (cases.services), so the join keeps one row per incident.
    return incidents.annotate(
        **{
            SURVIVOR: FilteredRelation(
                "case__participants", condition=Q(case__participants__role=ParticipantRole.SURVIVOR)
            )
        }
    )


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)  # a concrete column, not a reverse relation
    return field.column


def _insert(model: type[models.Model], rows: QuerySet[Any], columns: dict[str, Any]) -> int:
    """INSERT INTO model's table the columns selected by rows. The select is wrapped so that its columns are taken by
    alias, whatever order the ORM writes them in."""
    aliases = {name: f"derived_{name}" for name in columns}
    select = rows.annotate(**{aliases[name]: expression for name, expression in columns.items()}).values(
        *aliases.values()
    )
    sql, params = select.order_by().query.sql_with_params()
    quote = connection.ops.quote_name
    target = ", ".join(quote(_column(model, name)) for name in columns)
    source = ", ".join(quote(alias) for alias in aliases.values())
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({target}) SELECT {source} FROM ({sql}) stats_rows",  # noqa: S608 - names from the models, values as parameters
            params,
        )
        return cursor.rowcount


def _derive(country_code: str, incidents: QuerySet[Incident]) -> int:
    zone = zone_of(country_code)
    written = _insert(IncidentFact, _with_survivor(incidents), _fact_columns(zone))
    perpetrators = Incident.perpetrators.through.objects.filter(incident__in=incidents.values("pk"))
    _insert(
        IncidentFactRelationship,
        perpetrators.values("incident_id", "participant__relationship").distinct(),
        {"fact": F("incident_id"), "relationship": F("participant__relationship")},
    )
    for context in CaseContext.values:
        # The contexts are a JSON list of codes; a code written with its quotes matches only itself ("other" is
        # not found inside "other_family").
        _insert(
            IncidentFactContext,
            incidents.filter(contexts__icontains=f'"{context}"'),
            {"fact": F("pk"), "context": Value(context)},
        )
    return written


def _delete(facts: QuerySet[IncidentFact]) -> None:
    """Delete facts with their categories in three statements: the ORM's cascade would first read every id (two
    million on a national rebuild) into memory."""
    IncidentFactRelationship.objects.filter(fact__in=facts.values("pk")).delete()
    IncidentFactContext.objects.filter(fact__in=facts.values("pk")).delete()
    facts._raw_delete(facts.db)


def refresh(incident_ids: Iterable[int]) -> int:
    """Derive again the facts of these incidents (after one is recorded, or its case changed)."""
    ids = list(incident_ids)
    if not ids:
        return 0
    written = 0
    with transaction.atomic():
        _delete(IncidentFact.objects.filter(incident_id__in=ids))
        incidents = Incident.objects.filter(pk__in=ids)
        for country_code in incidents.order_by().values_list("territory__country_code", flat=True).distinct():
            written += _derive(country_code, incidents.filter(territory__country_code=country_code))
    return written


def rebuild(country_code: str) -> int:
    """Derive every fact of a country again, in one transaction: readers see the old facts until it commits."""
    country_code = country_code.lower()
    with transaction.atomic():
        _delete(IncidentFact.objects.filter(country_code=country_code))
        written = _derive(country_code, Incident.objects.filter(territory__country_code=country_code))
        FactRebuild.objects.update_or_create(
            country_code=country_code, defaults={"rebuilt_at": timezone.now(), "incidents": written}
        )
    return written


def on_case_changed(*, case_id: int, object_id: int | None = None, actor_id: int | None = None) -> None:
    """Event handler: an incident recorded or a participant added changes the facts of the case's incidents."""
    refresh(Incident.objects.filter(case_id=case_id).values_list("pk", flat=True))
