"""The invented country in Chromium: its users sign in and get its language, its names and its local times."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from concord.accounts.demo import DEMO_PASSWORD
from concord.accounts.models import User
from concord.cases import services as case_services
from concord.countries.tests.test_new_country import load_kecalio
from concord.people.services import person_create
from concord.territory.models import Territory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_user_of_the_new_country_works_in_its_language_and_time(page: Page, live_server, settings, screenshot):
    load_kecalio(settings)
    settings.DEMO_MODE, settings.MFA_ENROLMENT = True, "demo-accounts-exempt"
    caseworker = User.objects.get(email="caseworker.xq@example.org")
    survivor = person_create(agency=caseworker.agency, given_name="Ĉiela", family_name="Ĉielo", sex="female")
    opened = datetime.datetime(2026, 6, 15, 8, 30, tzinfo=datetime.UTC)  # 20:30 in Kecalio
    case = case_services.case_open(
        actor=caseworker, survivor=survivor, territory=Territory.objects.get(code="XQ-N-LAG"), opened_at=opened
    )

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", caseworker.email)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", "eo")
    expect(page.locator("nav")).to_contain_text("Kazoj")
    options = page.locator("#language-select option")
    expect(options).to_have_count(2)
    assert sorted(options.evaluate_all("els => els.map(e => e.value)")) == ["en", "eo"]
    screenshot("home-in-esperanto")

    page.goto(f"{live_server.url}/cases/{case.pk}/")
    expect(page.get_by_test_id("case-number")).to_have_text(case.number)
    expect(page.locator("main")).to_contain_text("20:30")
    expect(page.locator("main")).to_contain_text("Laguna Komunumo")
    screenshot("case-in-local-time")

    # English is the country's other language: the names follow.
    with page.expect_navigation():
        page.select_option("#language-select", "en")
    expect(page.locator("main")).to_contain_text("Lagoon Commune")
    screenshot("case-in-english")
