"""The scenario of a protection order in Chromium, in each of the four languages (the issue asks for Albanian): an
immediate protection order is applied for and issued within its 48 hours; it is breached, and the breach makes the
case's risk reassessment due today and fires the "order breached" pathway to the support centre; it expires while
the case's risk is HIGH, and the district's coordinator is alerted to the protection gap."""

import datetime

import pytest
from django.test import TestCase
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.cases.choices import RiskLevel
from concord.cases.models import Case
from concord.cases.tests.factories import open_case
from concord.cases.tests.test_browser import _sign_in
from concord.common.testing.browser import switch_language, translated
from concord.protection import jobs
from concord.protection.models import Order
from concord.protection.tests.factories import build_scene, respondent_of
from concord.referrals.models import Referral
from concord.referrals.tests.factories import add_pathway, survivor_consent
from concord.referrals.tests.factories import build_scene as referral_scene

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize("language", ["sq", "az", "en", "ru"])
def test_an_immediate_order_issued_breached_and_ended_while_the_risk_is_high(
    page: Page, live_server, cast, screenshot, language
):
    scene = build_scene(cast)
    referrals = referral_scene(cast)
    add_pathway(
        "breach-support", "order_breached", target_kind="victim_support_centre", service_code="psychosocial_support",
        urgency="emergency", basis="consent", name_en="Order breached → support centre",
    )  # fmt: skip
    case = open_case(cast)
    survivor_consent(cast, case, referrals.support)
    Case.objects.filter(pk=case.pk).update(next_risk_review_on=timezone.localdate() + datetime.timedelta(days=90))
    base = live_server.url
    now = timezone.now()

    # The police caseworker records the application to the issuer of immediate orders.
    _sign_in(page, base, cast, "caseworker")
    switch_language(page, language)
    page.goto(f"{base}/cases/{case.pk}/protection/")
    page.get_by_test_id("apply-order").click()
    page.select_option("#id_measure", str(scene.immediate.pk))
    page.select_option("#id_issuer", str(cast.other_agency_a.pk))
    page.select_option("#id_applicant_kind", "survivor")
    page.fill("#id_applied_at", _local(now - datetime.timedelta(hours=30)))
    page.select_option("#id_respondent", str(respondent_of(case).pk))
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("order-status")).to_have_text(translated(language, "Applied for"))
    expect(page.get_by_test_id("order-timeline")).to_be_visible()
    screenshot(f"applied-{language}")
    order = Order.objects.get(case=case)
    assert order.decision_due_at == order.applied_at + datetime.timedelta(hours=48)

    # Issued within the 48 hours, for ten days, with no contact.
    form = page.get_by_test_id("decide-form")
    form.locator("input[name=issued][value=yes]").check()
    form.locator("input[name=decided_at]").fill(_local(now - datetime.timedelta(hours=2)))
    form.locator("input[name=ends_on]").fill((timezone.localdate() + datetime.timedelta(days=10)).isoformat())
    form.locator("input[name=conditions][value=no_contact]").check()
    with TestCase.captureOnCommitCallbacks(execute=True):
        form.locator("button[type=submit]").click()
        expect(page.get_by_test_id("order-status")).to_have_text(translated(language, "In force", "order status"))
    expect(page.get_by_test_id("late")).to_have_count(0)
    screenshot(f"issued-{language}")

    # Breached: the reassessment falls due today and the pathway refers her to the support centre.
    form = page.get_by_test_id("breach-form")
    form.locator("input[name=occurred_at]").fill(_local(now - datetime.timedelta(minutes=30)))
    form.locator("input[name=conditions][value=no_contact]").check()
    form.locator("select[name=response]").select_option("warning")
    form.locator("textarea[name=description]").fill("He phoned her forty times in one night.")
    with TestCase.captureOnCommitCallbacks(execute=True):
        form.locator("button[type=submit]").click()
        expect(page.get_by_test_id("breaches").locator("li")).to_have_count(1)
    screenshot(f"breached-{language}")
    case.refresh_from_db()
    assert case.next_risk_review_on == timezone.localdate()
    referral = Referral.objects.get(case=case, pathway__code="breach-support")
    assert referral.to_agency == referrals.support and referral.urgency == "emergency"
    page.goto(f"{base}/cases/{case.pk}/referrals/")
    expect(page.get_by_test_id("referral-table").locator("tbody tr")).to_have_count(1)

    # It expires while her risk is HIGH: the coordinator is alerted to the gap.
    Case.objects.filter(pk=case.pk).update(risk_level=RiskLevel.HIGH)
    order.refresh_from_db()
    assert order.ends_at is not None
    after = order.ends_at + datetime.timedelta(minutes=1)
    with TestCase.captureOnCommitCallbacks(execute=True):
        jobs.expire_orders(after)
        jobs.find_protection_gaps(after)
    _sign_in(page, base, cast, "coordinator")
    switch_language(page, language)
    page.goto(f"{base}/notifications/")
    expect(
        page.get_by_text(translated(language, "A survivor at high risk is without a protection order"))
    ).to_have_count(1)
    screenshot(f"gap-notification-{language}")
    page.goto(f"{base}/cases/{case.pk}/protection/")
    expect(page.get_by_test_id("protection-gap")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)
    screenshot(f"gap-tab-{language}")
