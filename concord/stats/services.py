"""Exports of published numbers, made in the background (django-tasks, the `db_worker` process): asked for here,
made by `make_export`, downloaded by the person who asked. Each request and each download is audited."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from concord.accounts.capabilities import Capability
from concord.audit.services import audit_record
from concord.common.transactions import service
from concord.countries.models import Country
from concord.stats import export, report, selectors
from concord.stats.choices import ExportKind, ExportStatus, StatsAuditAction
from concord.stats.forms import ReportRequestForm, TableForm, country_of, table_form_for
from concord.stats.models import StatisticsExport

logger = logging.getLogger(__name__)

TABLE_KINDS = {ExportKind.TABLE_CSV: ("csv", "text/csv"), ExportKind.TABLE_XLSX: ("xlsx", export.XLSX)}


@service
def export_request(
    *, actor: Any, kind: str, language: str, indicator: str = "", params: dict[str, Any] | None = None
) -> StatisticsExport:
    """Check what is asked for now, as the page would, and queue it: the worker replays the same filters."""
    if not actor.has_capability(Capability.VIEW_STATISTICS):
        raise PermissionDenied
    from django.conf import settings

    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the interface languages.")})
    params = {key: str(value) for key, value in (params or {}).items() if value not in ("", None)}
    if kind in TABLE_KINDS:
        form = _table_form(actor, indicator, params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        params = {key: value for key, value in params.items() if key in form.fields}
    elif kind == ExportKind.YEARLY_PDF:
        report = ReportRequestForm({"year": params.get("year"), "language": language}, country_code=country_of(actor))
        if not report.is_valid():
            raise ValidationError(report.errors)
        indicator, params = "", {"year": str(report.cleaned_data["year"])}
    else:
        raise ValidationError({"kind": _("Choose a table or the yearly report.")})
    requested = StatisticsExport.objects.create(
        requested_by=actor, country_code=country_of(actor), kind=kind, indicator=indicator, params=params,
        language=language,
    )  # fmt: skip
    audit_record(
        action=StatsAuditAction.EXPORT_REQUESTED,
        actor=actor,
        target=requested,
        details={"kind": kind, "indicator": indicator, **params},
    )
    transaction.on_commit(lambda: make_export.enqueue(requested.pk))
    return requested


def _table_form(actor: Any, code: str, params: dict[str, Any]) -> TableForm:
    try:
        indicator = selectors.indicator_get(code)
    except Http404:
        raise ValidationError({"indicator": _("Choose an indicator of the catalogue.")}) from None
    return table_form_for(actor, indicator, params)


def export_get_for(user: Any, pk: Any) -> StatisticsExport:
    """An export of the person who asked for it; 404 for anyone else's, whoever they are."""
    try:
        return StatisticsExport.objects.defer("content").get(pk=int(pk), requested_by=user)
    except (StatisticsExport.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def exports_of(user: Any) -> Any:
    return StatisticsExport.objects.filter(requested_by=user).defer("content")[:20]


def export_download(*, actor: Any, requested: StatisticsExport) -> tuple[bytes, str, str]:
    if requested.status != ExportStatus.DONE:
        raise ValidationError(_("The file is not ready yet."))
    content = StatisticsExport.objects.values_list("content", flat=True).get(pk=requested.pk)
    audit_record(
        action=StatsAuditAction.EXPORT_DOWNLOADED, actor=actor, target=requested, details={"kind": requested.kind}
    )
    return bytes(content or b""), requested.filename, requested.content_type


@task()
def make_export(export_id: int) -> None:
    """The worker's part: each step saves its progress at once, so the page polling it sees the file being made."""
    requested = StatisticsExport.objects.select_related("requested_by").get(pk=export_id)
    if requested.status != ExportStatus.QUEUED:
        return  # made already (a task run twice)
    _progress(requested, 5, status=ExportStatus.RUNNING)
    try:
        with translation.override(requested.language):
            content, filename, content_type = _make(requested)
    except Exception:
        # The log names the export, never its numbers or the person.
        logger.exception("Statistics export %s failed", requested.pk)
        _progress(requested, requested.progress, status=ExportStatus.FAILED, finished_at=timezone.now())
        return
    StatisticsExport.objects.filter(pk=requested.pk).update(
        status=ExportStatus.DONE, progress=100, content=content, filename=filename, content_type=content_type,
        finished_at=timezone.now(),
    )  # fmt: skip


def _progress(requested: StatisticsExport, percent: int, **values: Any) -> None:
    requested.progress = percent
    StatisticsExport.objects.filter(pk=requested.pk).update(progress=percent, **values)


def _make(requested: StatisticsExport) -> tuple[bytes, str, str]:
    actor = requested.requested_by
    # The rights are those of the person who asked, as they are when the file is made.
    if not actor.is_active or not actor.has_capability(Capability.VIEW_STATISTICS):
        raise PermissionDenied
    if requested.kind in TABLE_KINDS:
        form = _table_form(actor, requested.indicator, requested.params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        _progress(requested, 30)
        table = report.published_table(form.indicator, form.filters(), form.cleaned_data.get("by") or "")
        _progress(requested, 70)
        extension, content_type = TABLE_KINDS[ExportKind(requested.kind)]
        content = export.table_csv(table) if extension == "csv" else export.table_xlsx(table)
        return content, f"{requested.indicator}-{table.filters.start.year}.{extension}", content_type
    year = int(requested.params["year"])
    filters = report.year_filters(requested.country_code, year)
    _progress(requested, 15)
    sections = report.yearly_report(filters)
    _progress(requested, 60)
    country = Country.objects.get(code=requested.country_code)
    content = export.yearly_pdf(
        sections, country_name=country.name, year=year, progress=lambda percent: _progress(requested, percent)
    )
    return content, f"statistics-{requested.country_code}-{year}-{requested.language}.pdf", "application/pdf"
