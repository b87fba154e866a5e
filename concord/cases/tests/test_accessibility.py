"""axe (WCAG 2.1 A and AA) finds no critical or serious violation on the case pages, in every language."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from concord.cases import services
from concord.cases.tests.factories import open_case, record_incident
from concord.cases.tests.test_browser import _sign_in
from concord.common.testing.a11y import axe_violations
from concord.risk import services as risk_services
from concord.risk.tests.factories import all_answers, publish_test_instrument

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _case_with_content(cast):
    case = open_case(cast)
    record_incident(cast, case)
    services.note_add(actor=cast["caseworker"], case=case, text="Called her at the agreed time.")
    goal = services.plan_goal_add(actor=cast["caseworker"], case=case, text="Safe housing")
    services.plan_task_add(
        actor=cast["caseworker"], goal=goal, description="Call the shelter", responsible_agency=cast.agency_a
    )
    instrument = publish_test_instrument()
    risk_services.assessment_create(
        actor=cast["caseworker"],
        case=case,
        instrument=instrument,
        answers=all_answers(instrument, strangulation="yes"),
        source="interview",
    )
    return case


@pytest.mark.parametrize("language", ["en", "az", "ru", "sq"])
def test_case_pages_have_no_serious_accessibility_violations(page: Page, live_server, cast, screenshot, language):
    """Every case page, the intake, the risk pages, the home and work pages and the caseload, as a supervisor
    of the owning agency sees them (who sees the most)."""
    case = _case_with_content(cast)
    _sign_in(page, live_server.url, cast, "supervisor")
    if page.locator("#language-select").input_value() != language:
        with page.expect_navigation():
            page.select_option("#language-select", language)
    urls = [
        reverse("cases:case_list"),
        reverse("cases:case_intake"),
        reverse("cases:case_detail", args=[case.pk]),
        *[
            reverse("cases:case_tab", args=[case.pk, tab])
            for tab in ("people", "incidents", "plan", "notes", "documents", "timeline", "access_log")
        ],
        reverse("risk:case_risk", args=[case.pk]),
        reverse("risk:assessment_create", args=[case.pk]),
        reverse("accounts:home"),
        reverse("accounts:work"),
        reverse("cases:caseload"),
    ]
    found = {}
    for url in urls:
        page.goto(f"{live_server.url}{url}")
        violations = axe_violations(page)
        if violations:
            found[url] = violations
    assert not found, found
    page.goto(f"{live_server.url}{reverse('cases:case_detail', args=[case.pk])}")
    screenshot(f"case-overview-{language}")


def test_the_check_does_find_a_violation(page: Page):
    """axe runs and reports: a page with an image without a text alternative fails it."""
    page.set_content('<html lang="en"><head><title>t</title></head><body><main><img src="x.png"></main></body></html>')
    assert any(line.startswith("image-alt") for line in axe_violations(page))
