"""End-to-end in Chromium: a caseworker assesses the risk in each of the four languages, and an overdue
reassessment reaches the home page and the notifications through the tick."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from concord.cases.models import Case
from concord.cases.tests.factories import open_case
from concord.cases.tests.test_browser import _sign_in
from concord.countries.models import Country
from concord.risk.choices import RiskLevel
from concord.risk.tests.factories import publish_test_instrument

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _assess(page: Page, base: str, case: Case, screenshot, language: str) -> None:
    page.goto(f"{base}/cases/{case.pk}/risk/")
    page.locator(f"a[href='/cases/{case.pk}/risk/new/']").click()
    form = page.get_by_test_id("assessment-form")
    expect(form).to_be_visible()
    assert "score" not in form.inner_text().lower()
    page.check("input[name=source][value=interview]")
    for radio in page.locator("input[type=radio][value=no]").all():
        radio.check()
    page.check("input[name=item_strangulation][value=yes]")
    page.check("input[name=item_separation][value=unknown]")
    # The question about harm to the children appears only after a "yes" to children in the household.
    dependent = page.locator("input[name=item_children_harmed_or_threatened][value=no]")
    expect(dependent).to_have_count(0)
    page.check("input[name=item_children_in_household][value=yes]")
    expect(dependent).to_have_count(1)
    dependent.check()
    screenshot(f"form-{language}")
    form.locator("button[type=submit]").click()


@pytest.mark.parametrize("language", ["en", "az", "ru", "sq"])
def test_caseworker_assesses_the_risk_in_each_language(page: Page, live_server, cast, screenshot, language):
    publish_test_instrument()
    case = open_case(cast)
    _sign_in(page, live_server.url, cast, "caseworker")
    if language != "en":
        with page.expect_navigation():
            page.select_option("#language-select", language)
    _assess(page, live_server.url, case, screenshot, language)
    next_review = Country.objects.get(code="tt").today() + datetime.timedelta(days=7)
    with translation.override(language):
        high = str(RiskLevel.HIGH.label)
        factor = translation.gettext("Strangulation or choking")
        shown_date = date_format(next_review, "SHORT_DATE_FORMAT")
    expect(page.get_by_test_id("assessment-level")).to_have_text(high)
    expect(page.get_by_test_id("driving-factors")).to_contain_text(factor)
    expect(page.get_by_test_id("assessment-next-review")).to_have_text(shown_date)
    expect(page.locator("html")).to_have_attribute("lang", language)
    screenshot(f"result-{language}")
    case.refresh_from_db()
    assert case.risk_level == RiskLevel.HIGH and case.next_risk_review_on == next_review
    page.goto(f"{live_server.url}/cases/{case.pk}/risk/")
    expect(page.get_by_test_id("current-level")).to_have_text(high)
    expect(page.get_by_test_id("assessment-table").locator("tbody tr")).to_have_count(1)
    expect(page.locator("canvas[data-risk-chart]")).to_be_visible()
    screenshot(f"history-{language}")


def test_overdue_reassessment_on_the_home_page_and_in_the_ticks_notifications(
    page: Page, live_server, cast, screenshot
):
    case = open_case(cast)
    overdue_since = Country.objects.get(code="tt").today() - datetime.timedelta(days=2)
    Case.objects.filter(pk=case.pk).update(
        lead_worker=cast["caseworker"], next_risk_review_on=overdue_since, risk_level=RiskLevel.HIGH
    )
    call_command("tick", stdout=open("/dev/null", "w"))  # noqa: SIM115
    _sign_in(page, live_server.url, cast, "caseworker")
    reassessments = page.get_by_test_id("work-reassessments")
    expect(reassessments).to_contain_text(case.number)
    with translation.override("en"):
        overdue = translation.gettext("Overdue since %(date)s") % {
            "date": date_format(overdue_since, "SHORT_DATE_FORMAT")
        }
    expect(reassessments).to_contain_text(overdue)
    screenshot("home-overdue")
    page.goto(f"{live_server.url}/notifications/")
    expect(page.locator("main")).to_contain_text("A risk reassessment is overdue")
    expect(page.locator("main")).to_contain_text(case.number)
    screenshot("notifications")
