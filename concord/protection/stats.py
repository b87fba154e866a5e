"""The protection module's indicators (concord.stats.catalogue): the Istanbul Convention Article 11 / EIGE
administrative-data indicators on protection orders and on the justice chain, registered in ProtectionConfig.ready().
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, CharField, Value, When
from django.utils.translation import gettext_lazy as _

from concord.protection.choices import BreachResponse, OrderStatus, ProceedingKind, Stage
from concord.protection.models import Breach, MeasureType, MeasureVersion, Order, Proceeding, Qualification
from concord.stats.catalogue import Breakdown, Filters, Indicator, by_field, register, register_date, survivor_through
from concord.stats.comparing import LegalChange, register_legal_changes
from concord.stats.indicators import EVERY_DIMENSION

EIGE = "EIGE / Istanbul Convention Art. 11"

DECISIONS = (
    ("issued", _("Issued")),
    ("refused", _("Refused")),
    ("pending", _("Not yet decided")),
)

register_date("application", _("date of the application"))
register_date("decision", _("date of the decision"))
register_date("breach", _("date of the breach"))


def _decision(indicator: Indicator) -> Case:
    # Every state after the decision but refusal (in force, extended, expired, revoked, under appeal) was issued.
    return Case(
        When(status=OrderStatus.APPLIED, then=Value("pending")),
        When(status=OrderStatus.REFUSED, then=Value("refused")),
        default=Value("issued"),
        output_field=CharField(),
    )


def _measure_types(filters: Filters) -> list[tuple[Any, Any]]:
    return [
        (measure.code, measure.name)
        for measure in MeasureType.objects.filter(country__code=filters.country_code.lower()).order_by("order")
    ]


def _order_indicator(code: str, name: Any, definition: Any, breakdown: Breakdown) -> Indicator:
    return register(
        Indicator(
            code=code,
            name=name,
            definition=definition,
            unit=_("protection orders"),
            source=EIGE,
            rows=Order.objects.all,
            dates={"application": "applied_at", "decision": "decided_at"},
            territory="territory",
            agency_kind="issuer__kind__code",
            survivor=survivor_through("case"),
            breakdown=breakdown,
            dimensions=EVERY_DIMENSION,
        )
    )


_order_indicator(
    "eige-protection-orders",
    _("Protection orders applied for and issued"),
    _(
        "Applications for protection orders, by the decision on them: issued (whatever became of the order "
        "since), refused, or not yet decided. Counted by the day of the application or of the decision; the agency "
        "kind is that of the issuing authority."
    ),
    Breakdown(_("decision"), _decision, lambda filters: list(DECISIONS)),
)

_order_indicator(
    "protection-orders-by-measure",
    _("Protection orders by measure"),
    _("Applications for protection orders, by the measure applied for under the country's law."),
    by_field(_("measure"), "measure__code", _measure_types),
)

register(
    Indicator(
        code="eige-protection-order-breaches",
        name=_("Breaches of protection orders"),
        definition=_(
            "Breaches of protection orders recorded, by the response to them (detention, warning, criminal or "
            "administrative report, a changed order, no action yet). Counted by the day of the breach."
        ),
        unit=_("breaches"),
        source=EIGE,
        rows=Breach.objects.all,
        dates={"breach": "occurred_at"},
        territory="order__territory",
        agency_kind="agency__kind__code",
        survivor=survivor_through("case"),
        breakdown=by_field(_("response"), "response", BreachResponse.choices),
        dimensions=EVERY_DIMENSION,
    )
)

register(
    Indicator(
        code="justice-attrition",
        name=_("Criminal proceedings: from report to verdict"),
        definition=_(
            "Criminal proceedings by each stage they reached: a proceeding that ended in a conviction also counts "
            "as registered, investigated, charged and referred to court, so the rows show where cases leave the "
            "justice chain (attrition). Charged and convicted give the perpetrators prosecuted and convicted. "
            "Counted by the day the incident was reported."
        ),
        unit=_("proceedings"),
        source=EIGE,
        rows=lambda: Proceeding.objects.filter(kind=ProceedingKind.CRIMINAL),
        dates={"report": "incident__reported_at", "incident": "incident__occurred_at"},
        territory="territory",
        agency_kind="agency__kind__code",
        survivor=survivor_through("case"),
        breakdown=by_field(_("stage reached"), "steps__stage", Stage.choices, overlapping=True),
        dimensions=EVERY_DIMENSION,
    )
)


def _legal_changes(country_code: str) -> list[LegalChange]:
    """Each article's entry into force (a criminalisation is a criminal article from its day on) and each new
    version of a protection measure."""
    changes = [
        LegalChange(
            key=f"qualification:{qualification.code}",
            day=qualification.effective_from,
            label=str(
                _("%(article)s in force (%(kind)s): %(name)s")
                % {
                    "article": qualification.article,
                    "kind": qualification.get_kind_display(),
                    "name": qualification.name,
                }
            ),
        )
        for qualification in Qualification.objects.filter(country__code=country_code)
    ]
    changes += [
        LegalChange(
            key=f"measure:{version.measure.code}:{version.version}",
            day=version.effective_from,
            label=str(
                _("%(measure)s: the law as of version %(version)s")
                % {"measure": version.measure.name, "version": version.version}
            ),
        )
        for version in MeasureVersion.objects.filter(measure__country__code=country_code).select_related("measure")
    ]
    return changes


register_legal_changes(_legal_changes)
