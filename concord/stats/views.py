"""Statistics pages: the indicator catalogue and each indicator's table and chart. Analysts and coordinators see
numbers only: no page here links to, or is computed from anything but, non-identifying columns, and every number
shown has been through the suppression."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from concord.accounts.access import AuthenticatedRequest, capability_required
from concord.accounts.capabilities import Capability
from concord.stats import catalogue, report, selectors, services
from concord.stats.choices import ExportKind, ExportStatus
from concord.stats.dashboard import dashboard as build_dashboard
from concord.stats.forms import (
    DashboardForm,
    ReportRequestForm,
    compare_form_for,
    country_of,
    table_form_for,
)
from concord.territory.models import Territory

BUSY = (ExportStatus.QUEUED, ExportStatus.RUNNING)


@capability_required(Capability.VIEW_STATISTICS)
def indicator_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "stats/indicator_list.html", {"indicators": catalogue.indicators()})


@capability_required(Capability.VIEW_STATISTICS)
def indicator_table(request: AuthenticatedRequest, code: str) -> HttpResponse:
    indicator = selectors.indicator_get(code)
    form = table_form_for(request.user, indicator, request.GET)
    context: dict[str, Any] = {"indicator": indicator, "form": form}
    if form.is_valid():
        table = report.published_table(indicator, form.filters(), form.cleaned_data.get("by") or "")
        context |= {
            "table": table,
            "date_label": catalogue.date_label(table.counted_by),
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
        context |= {"comparison": comparison, "date_label": catalogue.date_label(comparison.before.counted_by)}
    return render(request, "stats/indicator_compare.html", context)


@capability_required(Capability.VIEW_STATISTICS)
def export_list(request: AuthenticatedRequest) -> HttpResponse:
    """The reader's exports with their progress; the list reloads itself while one is being made. A POST asks for a
    new one (a table from its page, or the yearly report) and comes back here."""
    form = ReportRequestForm(request.POST or None, country_code=country_of(request.user))
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        try:
            if kind == ExportKind.YEARLY_PDF:
                services.export_request(
                    actor=request.user, kind=kind, language=request.POST.get("language", ""),
                    params={"year": request.POST.get("year", "")},
                )  # fmt: skip
            else:
                params = {key: value for key, value in request.POST.items() if key not in ("kind", "indicator")}
                params.pop("csrfmiddlewaretoken", None)
                services.export_request(
                    actor=request.user, kind=kind, language=get_language(), indicator=request.POST.get("indicator", ""),
                    params=params,
                )  # fmt: skip
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your file is being made. It will be listed here when it is ready."))
            return redirect("stats:export_list")
    exports = list(services.exports_of(request.user))
    names = {indicator.code: indicator.name for indicator in catalogue.indicators()}
    for made in exports:
        made.indicator_name = names.get(made.indicator, made.indicator)
    context = {"exports": exports, "form": form, "busy": any(e.status in BUSY for e in exports)}
    template = "stats/_exports.html" if request.headers.get("HX-Request") else "stats/export_list.html"
    return render(request, template, context)


@capability_required(Capability.VIEW_STATISTICS)
def export_download(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    requested = services.export_get_for(request.user, pk)
    try:
        content, filename, content_type = services.export_download(actor=request.user, requested=requested)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("stats:export_list")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@capability_required(Capability.VIEW_STATISTICS)
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    form = DashboardForm(request.GET, country_code=country_of(request.user))
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        board = build_dashboard(form.filters())
        territory = form.cleaned_data.get("territory")
        context |= {
            "board": board,
            "charts": [(panel, chart_data(panel.table)) for panel in board.panels],
            "year": form.cleaned_data["year"],
            "territory": territory,
            "trail": _trail(territory),
        }
    return render(request, "stats/dashboard.html", context)


def _trail(territory: Territory | None) -> list[Territory]:
    """The units from the region down to the one shown, for the breadcrumb."""
    if territory is None:
        return []
    codes = territory.path.strip("/").split("/")
    return list(Territory.objects.filter(code__in=codes, level__gte=1).order_by("level"))


def chart_data(table: selectors.PublishedTable) -> dict[str, Any]:
    """The chart draws the published cells only: a hidden cell is a gap, never its true value."""
    if table.split:
        labels = [label for _key, label in table.columns]
        series = [{"label": row.label, "values": [cell.value for cell in row.cells]} for row in table.rows]
    else:
        labels = [row.label for row in table.rows]
        series = [{"label": str(table.indicator.unit), "values": [row.cells[0].value for row in table.rows]}]
    return {"labels": labels, "series": series, "stacked": table.split and table.column_totals is not None}
