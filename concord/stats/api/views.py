"""/api/v1/statistics/: the indicator catalogue and each indicator's published table, as JSON or CSV, through the
same form and selectors as the pages, so a script with an analyst's token gets exactly the suppressed numbers a
person would see."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from concord.accounts.capabilities import Capability
from concord.api.permissions import capability_permission
from concord.stats import catalogue, comparing, export, report, selectors, services
from concord.stats.api.serializers import (
    ComparisonSerializer,
    ExportSerializer,
    IndicatorSerializer,
    LegalChangeSerializer,
    TableSerializer,
)
from concord.stats.choices import ExportStatus
from concord.stats.forms import compare_form_for, country_of, table_form_for
from concord.stats.models import StatisticsExport


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        return str(data).encode()


TABLE_PARAMETERS = [
    OpenApiParameter("year_from", int, description="First year (default: last year)."),
    OpenApiParameter("year_to", int, description="Last year, included (default: year_from)."),
    OpenApiParameter("date", str, description="The date to count by: one of the indicator's `dates`."),
    OpenApiParameter("by", str, description="A dimension to split by: one of the indicator's `dimensions`."),
    OpenApiParameter("period", str, enum=["year", "quarter", "month"], description="Step of the period dimension."),
    OpenApiParameter("territory", int, description="Only this territory (its id) and what lies inside it."),
    OpenApiParameter("agency_kind", str),
    OpenApiParameter("sex", str),
    OpenApiParameter("age_band", str),
    OpenApiParameter("disability", str),
]


FILTER_PARAMETERS = [
    parameter for parameter in TABLE_PARAMETERS if parameter.name not in ("year_from", "year_to", "by", "period")
]
COMPARE_PARAMETERS = [
    OpenApiParameter(
        "change", str, description="A legal change's key, from /statistics/legal-changes/ (default: the newest)."
    ),
    OpenApiParameter("months", int, enum=list(comparing.WINDOWS), description="Months on each side (default 12)."),
    *FILTER_PARAMETERS,
]


def _indicator_data(indicator: catalogue.Indicator) -> dict[str, Any]:
    return {
        "code": indicator.code,
        "name": str(indicator.name),
        "definition": str(indicator.definition),
        "unit": str(indicator.unit),
        "source": indicator.source,
        "dimensions": list(indicator.dimensions),
        "dates": list(indicator.dates),
    }


def _cell(cell: selectors.Cell) -> dict[str, Any]:
    return {"value": cell.value, "text": cell.text}


class JsonRefusals:
    """A refusal (a bad filter, no such indicator or file, no right) answers in JSON like the rest of the API, also
    where the answer itself would have been a CSV table or a file."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        refused = isinstance(response, Response) and response.status_code >= 400
        if refused and not isinstance(response.accepted_renderer, JSONRenderer):
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
        return response


class StatisticsViewSet(JsonRefusals, viewsets.ViewSet):
    permission_classes = [capability_permission(Capability.VIEW_STATISTICS)]
    lookup_field = "code"
    lookup_value_regex = "[-a-z0-9]+"

    @extend_schema(responses=IndicatorSerializer(many=True))
    def list(self, request):
        return Response([_indicator_data(indicator) for indicator in catalogue.indicators()])

    @extend_schema(parameters=TABLE_PARAMETERS, responses={200: TableSerializer, 400: OpenApiResponse()})
    def retrieve(self, request, code: str):
        table = self._table(request, code)
        return Response(self._table_data(table))

    @extend_schema(
        parameters=TABLE_PARAMETERS,
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR), 400: OpenApiResponse()},
    )
    @action(detail=True, methods=["get"], url_path="csv", renderer_classes=[CSVRenderer])
    def csv(self, request, code: str):
        table = self._table(request, code)
        out = io.StringIO()
        writer = csv.writer(out)
        breakdown = str(table.indicator.breakdown.label) if table.indicator.breakdown else ""
        columns = [label for _key, label in table.columns] if table.split else []
        writer.writerow([breakdown, *columns, "total"])
        for row in table.rows:
            writer.writerow([row.label, *([cell.text for cell in row.cells] if table.split else []), row.total.text])
        totals = (
            [cell.text for cell in table.column_totals] if table.column_totals and table.split else [""] * len(columns)
        )
        writer.writerow(["total", *totals, table.grand_total.text])
        response = Response(out.getvalue())
        response["Content-Disposition"] = f'attachment; filename="{table.indicator.code}.csv"'
        return response

    @extend_schema(responses=LegalChangeSerializer(many=True))
    @action(detail=False, methods=["get"], url_path="legal-changes")
    def legal_changes(self, request):
        """The changes of the law in the reader's country that a comparison may be made around, newest first."""
        changes = comparing.legal_changes(country_of(request.user))
        return Response([{"key": change.key, "day": change.day, "label": change.label} for change in changes])

    @extend_schema(parameters=COMPARE_PARAMETERS, responses={200: ComparisonSerializer, 400: OpenApiResponse()})
    @action(detail=True, methods=["get"], url_path="compare")
    def compare(self, request, code: str):
        indicator = selectors.indicator_get(code)
        form = compare_form_for(request.user, indicator, request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        result = form.comparison()
        if result is None:
            message = _("The country's pack names no change of the law that has taken effect yet.")
            raise ValidationError({"change": [message]})
        change = result.change
        return Response(
            {
                "indicator": _indicator_data(indicator),
                "change": {"key": change.key, "day": change.day, "label": change.label},
                "months": result.months,
                "counted_by": result.before.counted_by,
                "before": {"start": result.before.filters.start, "end": result.before.filters.end},
                "after": {"start": result.after.filters.start, "end": result.after.filters.end},
                "threshold": result.before.threshold,
                "rows": [
                    {
                        "key": _key(row.key),
                        "label": row.label,
                        "before": _cell(row.before),
                        "after": _cell(row.after),
                        "before_share": row.before_share,
                        "after_share": row.after_share,
                    }
                    for row in result.rows
                ],
                "before_total": _cell(result.before.grand_total),
                "after_total": _cell(result.after.grand_total),
                "before_monthly": result.before_rate,
                "after_monthly": result.after_rate,
                "consent_required": result.before.filters.consent_required,
                "caution": result.caution,
            }
        )

    def _table(self, request, code: str) -> selectors.PublishedTable:
        indicator = selectors.indicator_get(code)
        form = table_form_for(request.user, indicator, request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        return report.published_table(indicator, form.filters(), form.cleaned_data.get("by") or "")

    def _table_data(self, table: selectors.PublishedTable) -> dict[str, Any]:
        return {
            "indicator": _indicator_data(table.indicator),
            "counted_by": table.counted_by,
            "year_from": table.filters.start.year,
            "year_to": table.filters.end.year - 1,
            "by": table.by,
            "threshold": table.threshold,
            "columns": [{"key": _key(key), "label": label} for key, label in table.columns],
            "rows": [
                {
                    "key": _key(row.key),
                    "label": row.label,
                    "cells": [_cell(cell) for cell in row.cells],
                    "total": _cell(row.total),
                }
                for row in table.rows
            ],
            "column_totals": [_cell(cell) for cell in table.column_totals] if table.column_totals else None,
            "total": _cell(table.grand_total),
            "hidden_cells": table.hidden_count,
            "consent_required": table.filters.consent_required,
            "left_out": _cell(table.left_out),
            "counted_at": table.counted_at,
        }


def _key(key: Any) -> str | None:
    return None if key is None else str(key)


class FileRenderer(BaseRenderer):
    """The made file, as it is: its own content type is set on the response."""

    media_type = "*/*"
    format = "file"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        return data if isinstance(data, bytes) else b""


def _export_data(made: StatisticsExport) -> dict[str, Any]:
    return {
        "id": made.pk,
        "kind": made.kind,
        "indicator": made.indicator,
        "params": made.params,
        "language": made.language,
        "status": made.status,
        "progress": made.progress,
        "requested_at": made.requested_at,
        "finished_at": made.finished_at,
        "download": f"/api/v1/statistics/exports/{made.pk}/download/" if made.status == ExportStatus.DONE else None,
    }


class StatisticsExportViewSet(JsonRefusals, viewsets.ViewSet):
    """Files of published numbers, made in the background: ask (POST), follow the status, download when done. Each
    person sees only the files they asked for."""

    permission_classes = [capability_permission(Capability.VIEW_STATISTICS)]

    @extend_schema(responses=ExportSerializer(many=True))
    def list(self, request):
        return Response([_export_data(made) for made in services.exports_of(request.user)])

    @extend_schema(request=ExportSerializer, responses={202: ExportSerializer, 400: OpenApiResponse()})
    def create(self, request):
        serializer = ExportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            made = services.export_request(
                actor=request.user, kind=data["kind"], language=data.get("language") or get_language(),
                indicator=data.get("indicator", ""), params=data.get("params") or {},
            )  # fmt: skip
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages) from None
        made.refresh_from_db()
        return Response(_export_data(made), status=202)

    @extend_schema(responses={200: ExportSerializer, 404: OpenApiResponse()})
    def retrieve(self, request, pk: str):
        return Response(_export_data(services.export_get_for(request.user, pk)))

    @extend_schema(
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, export.XLSX): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            404: OpenApiResponse(),
            409: OpenApiResponse(description="Not made yet."),
        }
    )
    @action(detail=True, methods=["get"], url_path="download", renderer_classes=[JSONRenderer, FileRenderer])
    def download(self, request, pk: str):
        made = services.export_get_for(request.user, pk)
        if made.status != ExportStatus.DONE:
            return Response({"detail": _("The file is not ready yet.")}, status=409)
        content, filename, content_type = services.export_download(actor=request.user, requested=made)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
