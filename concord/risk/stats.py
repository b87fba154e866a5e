"""The risk module's indicators (concord.stats.catalogue): risk levels at the first and at the latest assessment of
each case, registered in RiskConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from concord.cases.choices import RiskLevel
from concord.risk.models import Assessment
from concord.stats.catalogue import Indicator, by_field, register, register_date, survivor_through
from concord.stats.indicators import EVERY_DIMENSION

register_date("assessment", _("date of the assessment"))


def _assessments(order: tuple[str, ...]) -> QuerySet[Assessment]:
    """One assessment a case with a result: the first or the latest, by `order`."""
    finished = Assessment.objects.filter(final_level__isnull=False)
    chosen = finished.filter(case=OuterRef("case")).order_by(*order).values("pk")[:1]
    return finished.filter(pk=Subquery(chosen))


def _level_indicator(code: str, name: Any, definition: Any, order: tuple[str, ...]) -> Indicator:
    return register(
        Indicator(
            code=code,
            name=name,
            definition=definition,
            unit=_("cases"),
            source="Concord risk assessment",
            rows=lambda: _assessments(order),
            dates={"assessment": "assessed_at"},
            territory="case__territory",
            agency_kind="agency__kind__code",
            survivor=survivor_through("case"),
            breakdown=by_field(_("risk level"), "final_level", RiskLevel.choices),
            dimensions=EVERY_DIMENSION,
        )
    )


_level_indicator(
    "risk-level-first",
    _("Risk level at the first assessment"),
    _(
        "Cases by the risk level of their first completed assessment, counted in the period of that assessment. "
        "Read beside the latest level: together they show how the risk of the cases changed while agencies acted."
    ),
    ("assessed_at", "pk"),
)

_level_indicator(
    "risk-level-latest",
    _("Risk level at the latest assessment"),
    _("Cases by the risk level of their latest completed assessment, counted in the period of that assessment."),
    ("-assessed_at", "-pk"),
)
