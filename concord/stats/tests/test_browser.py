"""In Chromium: an analyst opens the statistics in Russian, filters a region and a year and reads the suppressed
table beside its definition; opens the national dashboard, filters a region and a year, downloads the XLSX and asks
for the yearly PDF; axe finds no serious violation on the statistics pages in any language."""

import io

import openpyxl
import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from concord.cases.tests.test_browser import _sign_in
from concord.common.testing.a11y import axe_violations
from concord.common.testing.pdf import pdf_words

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_analyst_filters_a_region_and_a_year_in_russian(page: Page, live_server, known, screenshot):
    _sign_in(page, live_server.url, known, "analyst")
    with page.expect_navigation():
        page.select_option("#language-select", "ru")
    page.get_by_role("link", name="Статистика").first.click()
    page.get_by_role("link", name="Инциденты по видам насилия").click()
    page.fill("#id_year_from", "2025")
    page.fill("#id_year_to", "2025")
    page.select_option("#id_territory", label="North Region (ru)")
    page.select_option("#id_by", label="территория")
    with page.expect_navigation():
        page.get_by_role("button", name="Показать").click()
    table = page.get_by_test_id("stats-table")
    expect(table).to_contain_text("District A (ru)")
    expect(table).to_contain_text("District B (ru)")
    expect(page.get_by_test_id("stats-grand-total")).to_have_text("<5")
    expect(page.get_by_test_id("indicator-definition")).to_contain_text("GBVIMS")
    expect(page.get_by_test_id("suppression-note")).to_contain_text("«<5»")
    screenshot("statistics-table-ru")


def test_an_analyst_uses_the_dashboard_downloads_the_xlsx_and_asks_for_the_yearly_pdf(
    page: Page, live_server, known, screenshot
):
    _sign_in(page, live_server.url, known, "analyst")
    with page.expect_navigation():
        page.select_option("#language-select", "ru")
    page.get_by_role("link", name="Статистика").first.click()
    page.get_by_test_id("stats-nav").get_by_role("link", name="Панель показателей").click()
    page.fill("#id_year", "2025")
    page.select_option("#id_territory", label="North Region (ru)")
    with page.expect_navigation():
        page.get_by_role("button", name="Показать").click()
    units = page.get_by_test_id("dashboard-units")
    expect(units).to_contain_text("District A (ru)")
    expect(page.get_by_test_id("dashboard-trail")).to_contain_text("North Region (ru)")
    expect(page.get_by_test_id("dashboard-panel")).to_have_count(6)
    screenshot("statistics-dashboard-ru")
    # The first panel's data as XLSX: made in the background, then downloaded from the files page.
    with page.expect_navigation():
        page.get_by_test_id("dashboard-panel").first.get_by_role("button", name="XLSX").click()
    expect(page.get_by_test_id("export-table")).to_contain_text("Таблица (XLSX)")
    with page.expect_download() as download:
        page.get_by_role("link", name="Скачать").first.click()
    sheet = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active  # noqa: SIM115
    assert sheet["A1"].value == "Инциденты по видам насилия"
    # The yearly report in Russian.
    page.fill("#id_year", "2025")
    page.select_option("#id_language", "ru")
    with page.expect_navigation():
        page.get_by_role("button", name="Подготовить годовой отчёт").click()
    expect(page.get_by_test_id("export-table")).to_contain_text("Годовой отчёт (PDF)")
    screenshot("statistics-files-ru")
    with page.expect_download() as download:
        page.get_by_role("link", name="Скачать").first.click()
    text = pdf_words(download.value.path().read_bytes())
    assert "Ежегодный статистический отчёт" in text


@pytest.mark.parametrize("language", ["en", "az", "ru", "sq"])
def test_statistics_pages_have_no_serious_accessibility_violations(page: Page, live_server, known, language):
    _sign_in(page, live_server.url, known, "analyst")
    if page.locator("#language-select").input_value() != language:
        with page.expect_navigation():
            page.select_option("#language-select", language)
    table = reverse("stats:indicator_table", args=["gbvims-incidents-by-type"])
    found = {}
    for url in (
        reverse("stats:indicator_list"),
        f"{reverse('stats:dashboard')}?year=2025",
        reverse("stats:export_list"),
        reverse("stats:indicator_compare", args=["gbvims-incidents-by-type"]),
        f"{table}?year_from=2025&by=age_band",
        f"{table}?year_from=2025&year_to=1",
    ):
        page.goto(f"{live_server.url}{url}")
        violations = axe_violations(page)
        if violations:
            found[url] = violations
    assert not found, found
