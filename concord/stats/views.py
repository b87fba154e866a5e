"""Statistics pages: the indicator catalogue and each indicator's table and chart. Analysts and coordinators see
numbers only: no page here links to, or is computed from anything but, non-identifying columns, and every number
shown has been through the suppression."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from concord.accounts.access import AuthenticatedRequest, capability_required
from concord.accounts.capabilities import Capability
from concord.stats import catalogue, selectors
from concord.stats.forms import compare_form_for, date_label, table_form_for


@capability_required(Capability.VIEW_STATISTICS)
def indicator_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "stats/indicator_list.html", {"indicators": catalogue.indicators()})


@capability_required(Capability.VIEW_STATISTICS)
def indicator_table(request: AuthenticatedRequest, code: str) -> HttpResponse:
    indicator = selectors.indicator_get(code)
    form = table_form_for(request.user, indicator, request.GET)
    context: dict[str, Any] = {"indicator": indicator, "form": form}
    if form.is_valid():
        table = selectors.published_table(indicator, form.filters(), form.cleaned_data.get("by") or "")
        context |= {
            "table": table,
            "date_label": date_label(table.counted_by),
            "chart": chart_data(table),
        }
    return render(request, "stats/indicator_table.html", context)


@capability_required(Capability.VIEW_STATISTICS)
def indicator_compare(request: AuthenticatedRequest, code: str) -> HttpResponse:
    indicator = selectors.indicator_get(code)
    form = compare_form_for(request.user, indicator, request.GET)
    context: dict[str, Any] = {"indicator": indicator, "form": form}
    comparison = form.comparison() if form.is_valid() else None
    if comparison is not None:
        context |= {"comparison": comparison, "date_label": date_label(comparison.before.counted_by)}
    return render(request, "stats/indicator_compare.html", context)


def chart_data(table: selectors.PublishedTable) -> dict[str, Any]:
    """The chart draws the published cells only: a hidden cell is a gap, never its true value."""
    if table.split:
        labels = [label for _key, label in table.columns]
        series = [{"label": row.label, "values": [cell.value for cell in row.cells]} for row in table.rows]
    else:
        labels = [row.label for row in table.rows]
        series = [{"label": str(table.indicator.unit), "values": [row.cells[0].value for row in table.rows]}]
    return {"labels": labels, "series": series, "stacked": table.split and table.column_totals is not None}
