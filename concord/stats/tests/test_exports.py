"""Exports in the background: a table as XLSX or CSV and the yearly report as a PDF in each language, made by the
worker, shown with their progress, downloaded only by the person who asked, each request and download audited."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from concord.audit.models import AuditEvent
from concord.common.testing.pdf import pdf_words, save_page_image
from concord.stats import export
from concord.stats.catalogue import Filters, indicator
from concord.stats.choices import ExportStatus
from concord.stats.models import StatisticsExport
from concord.stats.report import published_table
from concord.stats.tests.factories import BAKU

TABLE = "gbvims-incidents-by-type"


def ask(client, **data) -> StatisticsExport:
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("stats:export_list"), data)
    assert response.status_code == 302, response.content.decode()[:500]
    return StatisticsExport.objects.latest("pk")


def test_a_table_as_xlsx_holds_what_the_page_shows_and_only_its_requester_gets_it(known, client_for, settings):
    settings.STATISTICS_SUPPRESSION_THRESHOLDS = {"default": 5, "tt": 2}
    analyst = client_for("analyst")
    made = ask(analyst, kind="table_xlsx", indicator=TABLE, year_from=2025, by="territory")
    assert made.status == ExportStatus.DONE and made.progress == 100
    assert made.params == {"year_from": "2025", "by": "territory"}
    page = analyst.get(reverse("stats:indicator_table", args=[TABLE]), {"year_from": 2025, "by": "territory"})
    shown = page.context["table"]
    response = analyst.get(reverse("stats:export_download", args=[made.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell for cell in row if cell is not None] for row in sheet.iter_rows(values_only=True)]
    physical = next(row for row in rows if row and row[0] == "Physical assault")
    assert [str(value) for value in physical[1:]] == [cell.text for cell in shown.rows[2].cells] + [
        shown.rows[2].total.text
    ]
    assert any("Counts from 1 to 1" in str(row[0]) for row in rows if row)
    assert AuditEvent.objects.filter(action="statistics_export_requested", object_id=str(made.pk)).exists()
    assert AuditEvent.objects.filter(action="statistics_export_downloaded", object_id=str(made.pk)).exists()
    assert client_for("coordinator").get(reverse("stats:export_download", args=[made.pk])).status_code == 404


def test_a_bad_request_is_refused_with_a_message_and_writes_nothing(known, client_for):
    analyst = client_for("analyst")
    for data in (
        {"kind": "table_csv", "indicator": "no-such-indicator"},
        {"kind": "table_csv", "indicator": TABLE, "year_from": 2025, "by": "horoscope"},
        {"kind": "yearly_pdf", "year": 1900, "language": "en"},
        {"kind": "yearly_pdf", "year": 2025, "language": "xx"},
        {"kind": "everything"},
    ):
        response = analyst.post(reverse("stats:export_list"), data)
        assert response.status_code == 200 and response.context["messages"], data
    assert not StatisticsExport.objects.exists()
    assert not AuditEvent.objects.filter(action="statistics_export_requested").exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_makes_the_file_end_to_end(known, client_for, settings):
    """With the database backend of `make run`: asking queues a task; the page shows it waiting; `db_worker` makes
    it; the page then offers the download."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    analyst = client_for("analyst")
    response = analyst.post(reverse("stats:export_list"), {"kind": "table_csv", "indicator": TABLE, "year_from": 2025})
    assert response.status_code == 302
    made = StatisticsExport.objects.get()
    assert made.status == ExportStatus.QUEUED
    waiting = analyst.get(reverse("stats:export_list"))
    assert waiting.context["busy"] and 'hx-trigger="every 2s"' in waiting.content.decode()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    made.refresh_from_db()
    assert made.status == ExportStatus.DONE
    ready = analyst.get(reverse("stats:export_list"), headers={"HX-Request": "true"})
    assert not ready.context["busy"] and reverse("stats:export_download", args=[made.pk]) in ready.content.decode()
    text = analyst.get(reverse("stats:export_download", args=[made.pk])).content.decode()
    assert text.splitlines()[1].startswith("Rape,0")


@pytest.mark.parametrize(
    ("language", "title", "small"),
    [
        ("en", "Yearly statistical report", "Small counts"),
        ("az", "İllik statistik hesabat", "Kiçik saylar"),
        ("ru", "Ежегодный статистический отчёт", "Малые числа"),
        ("sq", "Raporti vjetor statistikor", "Numrat e vegjël"),
    ],
)
def test_the_yearly_report_in_each_language_read_back(known, client_for, language, title, small):
    made = ask(client_for("analyst"), kind="yearly_pdf", year=2025, language=language)
    assert made.status == ExportStatus.DONE, made.status
    response = client_for("analyst").get(reverse("stats:export_download", args=[made.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_words(response.content)
    assert title in text and small in text
    with translation.override(language):
        assert str(indicator(TABLE).name) in text
        assert str(indicator("justice-attrition").name) in text
    assert "<5" in text  # the known data set's counts are all small
    for page in (1, 3):
        save_page_image(response.content, page, f"yearly-report-{language}-page{page}", resolution=70)


def test_an_analyst_token_asks_for_a_file_and_downloads_it(known, client_for):
    api = client_for("analyst")
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = api.post(
            "/api/v1/statistics/exports/",
            {"kind": "table_csv", "indicator": TABLE, "params": {"year_from": "2025", "by": "sex"}},
            content_type="application/json",
        )
    assert response.status_code == 202
    made = response.json()
    status = api.get(f"/api/v1/statistics/exports/{made['id']}/").json()
    assert status["status"] == "done" and status["download"].endswith("/download/")
    csv_text = api.get(status["download"]).content.decode()
    assert csv_text.splitlines()[0].startswith("type of violence,Female")
    refused = api.post(
        "/api/v1/statistics/exports/", {"kind": "table_csv", "indicator": TABLE, "params": {"by": "horoscope"}},
        content_type="application/json",
    )  # fmt: skip
    assert refused.status_code == 400 and "by" in refused.json()
    waiting = StatisticsExport.objects.create(
        requested_by=known["analyst"], country_code="tt", kind="table_csv", indicator=TABLE, language="en"
    )
    assert api.get(f"/api/v1/statistics/exports/{waiting.pk}/download/").status_code == 409


def test_a_table_of_more_parts_than_categories_is_printed_the_other_way_round(known):

    year = Filters(
        country_code="tt",
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2026, 1, 1),
        period="month",
        time_zone=BAKU,
    )
    by_month = published_table(indicator("incidents-repeat-escalation"), year, "period")  # 12 months, 3 categories
    printed = export.grid(by_month)
    assert printed.headings == [row.label for row in by_month.rows] + ["Total"]
    assert [row[0] for row in printed.body] == [label for _key, label in by_month.columns]
    assert printed.totals[0] == "Total" and printed.totals[-1] == by_month.grand_total.text
    by_type = published_table(indicator("gbvims-incidents-by-type"), year, "sex")  # 3 sexes, 7 types: as it is
    assert export.grid(by_type).headings == [label for _key, label in by_type.columns] + ["Total"]
