"""The monitoring-group scenario in Chromium, in each of the four languages (the issue asks for Azerbaijani): a case
at HIGH risk that a pathway proposed appears on the next meeting's agenda; the secretary records the attendance;
a member accepts the confidentiality statement and reads the case summary; the group decides two actions for two
agencies; the minutes PDF is produced, approved and downloaded; the action still open when the next meeting comes is
on its agenda."""

import datetime

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.cases.choices import RiskLevel
from concord.cases.tests.factories import open_case
from concord.cases.tests.test_browser import _sign_in
from concord.common.testing.browser import switch_language, translated
from concord.common.testing.factories import TEST_PASSWORD
from concord.common.testing.pdf import pdf_words
from concord.common.testing.totp import totp_code
from concord.conftest import ARTIFACTS
from concord.groups.models import Action, Meeting
from concord.groups.tests.factories import build_group, set_risk
from concord.referrals import pathways
from concord.referrals.tests.factories import add_pathway

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in_chair(page: Page, base: str, chair) -> None:
    """The chair is no persona of the cast: enrolled in an authenticator app here, as production requires."""
    secret = generate_totp_secret()
    TOTP.activate(chair, secret)
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_login", chair.email)
    page.fill("#id_password", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.fill("#id_code", totp_code(secret))
    page.locator("main form button[type=submit]").first.click()
    expect(page.get_by_test_id("home-agency")).to_be_visible()


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize("language", ["az", "en", "ru", "sq"])
def test_a_high_risk_case_discussed_with_actions_minutes_and_the_next_agenda(
    page: Page, browser, browser_context_args, live_server, cast, screenshot, request, language
):
    scene = build_group(cast)
    scene.group.language = language
    scene.group.save()
    case = open_case(cast)
    set_risk(case, RiskLevel.HIGH)
    rule = add_pathway("high-risk-group", "assessment_level", action="propose_to_group", conditions={"min_level": 3})
    pathways.apply_rule(rule=rule, case=case, event_key="assessment:1", actor=cast["caseworker"])
    base = live_server.url

    def other_page() -> Page:
        """Another person at another computer: each signs in once (an authenticator code is good for one sign-in)."""
        return browser.new_context(**browser_context_args).new_page()

    def shot(on: Page, label: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        on.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{label}.png"), full_page=True)

    # The secretary plans a meeting for now and has the agenda proposed: the case is there, with why.
    _sign_in(page, base, cast, "coordinator")
    switch_language(page, language)
    page.goto(f"{base}/groups/{scene.group.pk}/")
    form = page.get_by_test_id("plan-form")
    form.locator("input[name=scheduled_at]").fill(_local(timezone.now()))
    form.locator("input[name=place]").fill("Room 4")
    form.locator("button[type=submit]").click()
    page.get_by_test_id("agenda-build").click()
    item = page.get_by_test_id("agenda-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text(case.number)
    expect(item.locator("[data-reason=pathway_proposal]")).to_have_text(translated(language, "Proposed by a pathway"))
    expect(item.locator("[data-reason=new_high_risk]")).to_be_visible()
    meeting = Meeting.objects.get(group=scene.group)

    # Everyone came: the form proposes each agency's representative as present.
    page.get_by_test_id("attendance-save").click()
    expect(page.locator(".alert-success")).to_contain_text(translated(language, "The attendance was recorded."))
    screenshot(f"agenda-{language}")

    # A member accepts the confidentiality statement, then reads the summary and adds the executive's information.
    member = other_page()
    _sign_in(member, base, cast, "group_member")
    switch_language(member, language)
    member.goto(f"{base}/meetings/{meeting.pk}/")
    expect(member.get_by_test_id("agenda-item").locator("a")).to_have_count(0)
    member.get_by_test_id("accept-confidentiality").click()
    member.get_by_test_id("agenda-item").locator("a").first.click()
    survivor = case.participants.get(role="survivor").person.full_name
    expect(member.get_by_test_id("case-summary")).to_contain_text(survivor)
    member.get_by_test_id("contribution-form").locator("textarea").fill("Known to the executive since May.")
    member.get_by_test_id("contribution-form").locator("button[type=submit]").click()
    expect(member.get_by_test_id("contribution")).to_contain_text("Known to the executive since May.")
    shot(member, f"summary-{language}")

    # The secretary records the decision and two actions for two agencies.
    page.goto(f"{base}/meetings/{meeting.pk}/")
    page.get_by_test_id("accept-confidentiality").click()
    page.get_by_test_id("agenda-item").locator("a").first.click()
    expect(page.get_by_test_id("contribution")).to_contain_text("Known to the executive since May.")
    decision = page.get_by_test_id("decision-form")
    decision.locator("textarea").fill("Safety plan reviewed; two agencies to act.")
    decision.locator("button[type=submit]").click()
    for agency, text, days in (
        (cast.agency_a, "Visit the address and check the order is kept.", 1),
        (cast.other_agency_a, "Offer a place at the support centre.", 10),
    ):
        action = page.get_by_test_id("action-form")
        action.locator("select[name=owner]").select_option(str(agency.pk))
        action.locator("textarea[name=text]").fill(text)
        action.locator("input[name=due_on]").fill((timezone.localdate() + datetime.timedelta(days=days)).isoformat())
        action.locator("button[type=submit]").click()
        expect(page.get_by_test_id("actions")).to_contain_text(text)
    expect(page.get_by_test_id("actions").locator("li")).to_have_count(2)
    screenshot(f"actions-{language}")

    # Held, under the quorum; the chair approves the minutes; the member downloads them.
    page.goto(f"{base}/meetings/{meeting.pk}/")
    page.get_by_test_id("hold-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("minutes-download")).to_be_visible()
    chair = other_page()
    _sign_in_chair(chair, base, scene.chair)
    switch_language(chair, language)
    chair.goto(f"{base}/meetings/{meeting.pk}/")
    chair.get_by_test_id("minutes-approve").click()
    expect(chair.get_by_test_id("minutes-approve")).to_have_count(0)
    member.goto(f"{base}/meetings/{meeting.pk}/")
    with member.expect_download() as download:
        member.get_by_test_id("minutes-download").click()
    text = pdf_words(download.value.path().read_bytes())
    assert case.number in text and "Offer a place at the support centre." in text
    assert translated(language, "Minutes") in text
    shot(member, f"meeting-approved-{language}")

    # Two weeks on, the police's action is still open: the next meeting's agenda brings the case back for it.
    Action.objects.filter(owner=cast.agency_a).update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    page.goto(f"{base}/groups/{scene.group.pk}/")
    form = page.get_by_test_id("plan-form")
    form.locator("input[name=scheduled_at]").fill(_local(timezone.now() + datetime.timedelta(days=1)))
    form.locator("button[type=submit]").click()
    page.get_by_test_id("agenda-build").click()
    expect(page.get_by_test_id("agenda-item").locator("[data-reason=overdue_actions]")).to_be_visible()
    expect(page.get_by_test_id("outstanding")).to_contain_text(case.number)
    screenshot(f"next-agenda-{language}")
