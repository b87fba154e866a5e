"""The scenario of the National Referral Mechanism in Chromium, in each of the four languages: a police caseworker
records an incident with children present and the two pathway referrals appear on the case; the Child and Family
Support Centre's caseworker finds hers in the queue, accepts it, records two failed contact attempts and one that
reaches the survivor; the victim support centre leaves its referral unanswered, and the tick escalates it past the
due time to the centre's supervisor and then to the district's coordinator."""

import datetime

import pytest
from django.test import TestCase
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.accounts.choices import Role
from concord.accounts.models import Agency
from concord.cases.tests.factories import open_case
from concord.cases.tests.test_browser import _sign_in
from concord.common.testing.browser import switch_language, translated
from concord.common.testing.factories import AgencyFactory, AgencyKindFactory
from concord.referrals import jobs
from concord.referrals.models import AgencyService, Referral, ServiceType
from concord.referrals.tests.factories import add_pathway, build_scene, staff_member, survivor_consent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
JUSTIFICATION = {"en": "Children live in the household; the guardianship bodies must be told."}


def _cfsc(cast, scene) -> AgencyService:
    """The district's Child and Family Support Centre, its service for children and its caseworker."""
    kind = AgencyKindFactory(code="child_family_support_centre")
    centre: Agency = AgencyFactory(
        code="TT-DA-CFSC", kind=kind, territory=cast.district_a, name_en="Child and Family Centre A"
    )
    children = ServiceType.objects.create(
        country=scene.rules.country, code="child_services", sector="child_protection", name_en="Services for children"
    )
    service = AgencyService.objects.create(agency=centre, service_type=children)
    service.areas.set([cast.district_a])
    staff_member(cast, centre, Role.CASEWORKER, "cfsc")
    return service


def _pathways() -> None:
    add_pathway(
        "police-incident-support", "incident_recorded", conditions={"agency_kind": "police"},
        target_kind="victim_support_centre", service_code="psychosocial_support", urgency="urgent", basis="consent",
        name_en="Police incident → victim support centre", names={"az": "Polis hadisəsi → yardım mərkəzi"},
    )  # fmt: skip
    add_pathway(
        "children-cfsc", "child_in_household", target_kind="child_family_support_centre",
        service_code="child_services", urgency="urgent", basis="child_protection", justification=JUSTIFICATION,
        name_en="Children in the household → Child and Family Support Centre",
    )  # fmt: skip


@pytest.mark.parametrize("language", ["az", "en", "ru", "sq"])
def test_pathway_referrals_answered_and_escalated(page: Page, live_server, cast, screenshot, language):
    scene = build_scene(cast)
    cfsc = _cfsc(cast, scene)
    _pathways()
    case = open_case(cast, safe_phone="+994 50 111 22 33", safe_times="09:00–12:00")
    survivor_consent(cast, case, scene.support)
    base = live_server.url

    # The police caseworker records an incident with children present.
    _sign_in(page, base, cast, "caseworker")
    switch_language(page, language)
    page.goto(f"{base}/cases/{case.pk}/incidents/new/")
    now = timezone.localtime()
    page.fill("#id_occurred_at", (now - datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_reported_at", (now - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.check("input[name=acts][value=hitting]")
    page.check("input[name=children_present]")
    page.locator("main form button[type=submit]").last.click()
    page.goto(f"{base}/cases/{case.pk}/referrals/")
    rows = page.get_by_test_id("referral-table").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(page.get_by_test_id("pathway-name")).to_have_count(2)
    expect(page.locator("html")).to_have_attribute("lang", language)
    screenshot(f"pathway-referrals-{language}")
    to_cfsc = Referral.objects.get(case=case, to_agency=cfsc.agency)
    to_support = Referral.objects.get(case=case, to_agency=scene.support)

    # The centre's caseworker finds it in her queue, reads the safe contact first, accepts it.
    _sign_in(page, base, cast, "cfsc")
    switch_language(page, language)
    expect(page.get_by_test_id("nav-count-referrals")).to_have_text("1")
    page.get_by_test_id("nav-count-referrals").click()
    page.get_by_test_id("incoming-table").get_by_role("link", name=case.number).click()
    expect(page.get_by_test_id("safe-contact")).to_contain_text("+994 50 111 22 33")
    page.get_by_test_id("accept").click()
    expect(page.get_by_test_id("referral-state")).to_have_text(translated(language, "Accepted"))

    # Two attempts that do not reach her, then one that does.
    form = page.get_by_test_id("attempt-form")
    for minutes, outcome in ((0, "not_reached"), (1, "not_reached"), (2, "reached")):
        moment = timezone.localtime(to_cfsc.sent_at) + datetime.timedelta(minutes=minutes)
        form = page.get_by_test_id("attempt-form")
        form.locator("input[name=attempted_at]").fill(moment.strftime("%Y-%m-%dT%H:%M"))
        form.locator("select[name=channel]").select_option("phone")
        form.locator(f"input[name=outcome][value={outcome}]").check()
        form.locator("button[type=submit]").click()
        expect(page.get_by_test_id("attempts").locator("li")).to_have_count(minutes + 1)
    screenshot(f"attempts-{language}")
    to_cfsc.refresh_from_db()
    assert to_cfsc.state == "accepted" and to_cfsc.first_contact_at is not None and to_cfsc.attempts.count() == 3

    # The victim support centre does not answer: past the due time to its supervisor, a working day later to the
    # district's coordinator.
    late = to_support.acknowledge_due_at + datetime.timedelta(minutes=1)
    with TestCase.captureOnCommitCallbacks(execute=True):
        jobs.escalate_referrals(late)
    escalated = translated(language, "An unanswered referral was escalated to you")
    _sign_in(page, base, cast, "receiver_supervisor")
    switch_language(page, language)
    page.goto(f"{base}/notifications/")
    expect(page.get_by_text(escalated)).to_have_count(1)
    screenshot(f"escalated-supervisor-{language}")
    _sign_in(page, base, cast, "coordinator")
    page.goto(f"{base}/notifications/")
    expect(page.get_by_text(escalated)).to_have_count(0)
    with TestCase.captureOnCommitCallbacks(execute=True):
        jobs.escalate_referrals(late + datetime.timedelta(days=5))
    switch_language(page, language)
    page.goto(f"{base}/notifications/")
    expect(page.get_by_text(escalated)).to_have_count(1)
    screenshot(f"escalated-coordinator-{language}")
    assert Referral.objects.get(pk=to_support.pk).escalation_level == 2
