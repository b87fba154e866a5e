"""End-to-end in Chromium: intake in Azerbaijani, need-to-know across agencies, and break-glass."""

import datetime
import re

import pytest
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from concord.accounts.models import User
from concord.audit.models import AuditEvent
from concord.cases.choices import CaseAuditAction
from concord.cases.models import Case
from concord.cases.tests.factories import ensure_country, open_case
from concord.common.testing.factories import TEST_PASSWORD, MembershipFactory, UserFactory
from concord.common.testing.totp import totp_code
from concord.notifications.models import Notification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, base: str, cast, persona: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_login", cast[persona].email)
    page.fill("#id_password", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.fill("#id_code", totp_code(cast.totp_secrets[persona]))
    page.locator("main form button[type=submit]").first.click()
    expect(page.get_by_test_id("home-agency")).to_be_visible()


def test_caseworker_registers_a_case_through_the_wizard_in_azerbaijani(page: Page, live_server, cast, screenshot):
    ensure_country()
    _sign_in(page, live_server.url, cast, "caseworker")
    with page.expect_navigation():
        page.select_option("#language-select", "az")
    with translation.override("az"):
        cases_label, next_label = translation.gettext("Cases"), translation.gettext("Next")
    page.locator("#main-nav").get_by_role("link", name=cases_label, exact=True).click()
    page.locator("a[href='/cases/new/']").click()
    expect(page.locator("fieldset[data-step=survivor]")).to_be_visible()
    expect(page.locator("fieldset[data-step=incident]")).to_be_hidden()
    page.fill("#id_survivor_given_name", "Könül")
    page.fill("#id_survivor_family_name", "Həsənova")
    page.fill("#id_survivor_birth_date", "1990-03-15")
    page.fill("#id_survivor_phone", "+994 55 123 45 67")
    screenshot("intake-survivor-az")
    page.locator("fieldset[data-step=survivor] [data-step-next]").click()
    expect(page.locator("fieldset[data-step=household]")).to_be_visible()
    assert page.locator("fieldset[data-step=survivor] [data-step-next]").inner_text().strip() == next_label
    page.fill("#id_perpetrator_given_name", "Tural")
    page.select_option("#id_perpetrator_relationship", "spouse")
    page.fill("#id_child_1_given_name", "Nuray")
    page.fill("#id_child_1_birth_date", "2017-09-01")
    page.locator("fieldset[data-step=household] [data-step-next]").click()
    yesterday = timezone.localtime() - datetime.timedelta(days=1)
    page.fill("#id_incident_occurred_at", yesterday.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_incident_reported_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    page.check("input[name=incident_acts][value=hitting]")
    page.check("input[name=incident_acts][value=threats]")
    page.fill("#id_incident_narrative", "Mətbəxdə onu itələyib.")
    screenshot("intake-incident-az")
    page.locator("fieldset[data-step=incident] [data-step-next]").click()
    page.check("#id_consent_services")
    page.locator("fieldset[data-step=consent] button[type=submit]").click()
    expect(page.get_by_test_id("case-number")).to_have_text(re.compile(r"^TT-DA-\d{4}-000001$"))
    screenshot("case-created-az")
    case = Case.objects.get()
    assert case.participants.count() == 3 and case.incidents.get().gbvims_type == "physical_assault"


def test_other_agencies_cannot_find_the_case_but_the_coordinator_can(page: Page, live_server, cast, screenshot):
    case = open_case(cast, national_id="AZE5550001")
    _sign_in(page, live_server.url, cast, "caseworker_other_district")
    page.goto(f"{live_server.url}/cases/")
    expect(page.get_by_test_id("case-table")).not_to_contain_text(case.number)
    for query in (case.number, "AZE5550001"):
        page.fill("#case-q", query)
        page.locator("form[role=search] button[type=submit]").click()
        expect(page.get_by_test_id("case-table")).not_to_contain_text(case.number)
        assert "AZE5550001" not in page.url
    response = page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert response is not None and response.status == 404
    screenshot("other-district-404")
    api = page.request.get(f"{live_server.url}/api/v1/cases/{case.pk}/")
    assert api.status == 404
    listing = page.request.get(f"{live_server.url}/api/v1/cases/").json()
    assert all(row["number"] != case.number for row in listing["results"])

    _sign_in(page, live_server.url, cast, "coordinator")
    page.goto(f"{live_server.url}/cases/")
    expect(page.get_by_test_id("case-table")).to_contain_text(case.number)
    page.get_by_role("link", name=case.number).click()
    expect(page.get_by_test_id("case-number")).to_have_text(case.number)
    screenshot("coordinator-sees-case")


def test_break_glass_opens_the_case_and_is_logged(page: Page, live_server, cast, screenshot):
    supervisor_b: User = UserFactory(email="supervisor.b@example.org")
    MembershipFactory(user=supervisor_b, agency=cast.agency_b, role="supervisor")
    case = open_case(cast, territory=cast.district_b, actor_name="caseworker_other_district")
    _sign_in(page, live_server.url, cast, "supervisor")
    response = page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert response is not None and response.status == 404
    page.goto(f"{live_server.url}/cases/emergency-access/")
    page.fill("#id_number", case.number)
    page.fill("#id_reason", "Her neighbour called: he is breaking the door, police are on the way.")
    screenshot("break-glass-form")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("case-number")).to_have_text(case.number)
    expect(page.locator(".alert-warning")).to_be_visible()
    screenshot("break-glass-open")
    event = AuditEvent.objects.get(action=CaseAuditAction.BREAK_GLASS)
    assert event.actor == cast["supervisor"] and event.case_id == case.pk
    assert "neighbour" not in str(event.details)
    assert Notification.objects.filter(recipient=supervisor_b, case=case, kind="break_glass").exists()


def test_the_duplicate_warning_holds_the_first_step(page: Page, live_server, cast, screenshot):
    existing = open_case(cast)  # Aysel Məmmədova, born 1990-05-04, a case of the caseworker's own agency
    _sign_in(page, live_server.url, cast, "caseworker")
    page.goto(f"{live_server.url}/cases/new/")
    page.fill("#id_survivor_given_name", "Aysel")
    page.fill("#id_survivor_family_name", "Məmmədova")
    page.fill("#id_survivor_birth_date", "1990-05-04")
    page.locator("fieldset[data-step=survivor] [data-step-next]").click()
    warning = page.get_by_test_id("duplicate-warning")
    expect(warning).to_be_visible()
    expect(warning).to_be_focused()
    expect(warning).to_contain_text(existing.number)
    expect(page.locator("fieldset[data-step=household]")).to_be_hidden()
    screenshot("intake-duplicate-held")
    # Choosing the registered person moves on, and the case will be opened for her.
    warning.get_by_role("button").first.click()
    expect(page.locator("fieldset[data-step=household]")).to_be_visible()
    survivor = existing.participants.get(role="survivor").person
    assert page.locator("input[name=use_existing_person][type=hidden]").input_value() == str(survivor.pk)
    # Back on step 1, "a different person" also lets her go on.
    page.locator("fieldset[data-step=household] [data-step-back]").click()
    page.fill("#id_survivor_given_name", "Aysel")  # typing again forgets the choice
    page.locator("#id_survivor_given_name").dispatch_event("change")
    page.check("#id_confirm_new_person")
    page.locator("fieldset[data-step=survivor] [data-step-next]").click()
    expect(page.locator("fieldset[data-step=household]")).to_be_visible()
    assert page.locator("input[name=use_existing_person][type=hidden]").input_value() == ""


def test_a_health_worker_typing_cyrillic_is_offered_the_woman_the_police_registered(
    page: Page, live_server, cast, screenshot
):
    """The police registered Şəbnəm Rzayeva in Azerbaijani Latin and shared her case with the clinic on her consent;
    the clinic's worker types her name in Russian Cyrillic and is offered the registered person."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from concord.accounts.models import Agency
    from concord.cases import services

    registered = open_case(cast, given_name="Şəbnəm", family_name="Rzayeva")
    clinic = Agency.objects.get(code="TT-DA-HEALTH")
    survivor = registered.participants.get(role="survivor")
    consent = services.consent_record(
        actor=cast["caseworker"], case=registered, participant=survivor, purpose="information_sharing",
        method="written", recipient_agency=clinic,
    )  # fmt: skip
    services.case_share(actor=cast["caseworker"], case=registered, agency=clinic, consent=consent)
    nurse = UserFactory(email="nurse@example.org", full_name="Clinic Worker")
    MembershipFactory(user=nurse, agency=clinic, role="caseworker")
    cast.users["nurse"], cast.totp_secrets["nurse"] = nurse, generate_totp_secret()
    TOTP.activate(nurse, cast.totp_secrets["nurse"])
    _sign_in(page, live_server.url, cast, "nurse")
    page.goto(f"{live_server.url}/cases/new/")
    page.fill("#id_survivor_given_name", "Шабнам")
    page.fill("#id_survivor_family_name", "Рзаева")
    page.fill("#id_survivor_birth_date", "1990-05-04")
    page.locator("fieldset[data-step=survivor] [data-step-next]").click()
    warning = page.get_by_test_id("duplicate-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(registered.number)
    expect(warning).to_contain_text("Same person")
    screenshot("intake-cross-script-match")
    warning.get_by_role("button").first.click()
    expect(page.locator("fieldset[data-step=household]")).to_be_visible()
    assert page.locator("input[name=use_existing_person][type=hidden]").input_value() == str(survivor.person_id)


def test_a_supervisor_merges_two_registrations_of_one_woman_and_undoes_it(page: Page, live_server, cast, screenshot):
    """Registered twice by her agency, in Azerbaijani Latin and in Russian Cyrillic: the supervisor sees the second
    record on the first one's page, merges them with a reason, and can undo it."""
    first = open_case(cast, given_name="Şəbnəm", family_name="Rzayeva")
    second = open_case(cast, given_name="Шабнам", family_name="Рзаева")
    kept = first.participants.get(role="survivor").person
    page.on("dialog", lambda dialog: dialog.accept())
    _sign_in(page, live_server.url, cast, "supervisor")
    page.goto(f"{live_server.url}/cases/{first.pk}/people/")
    page.get_by_role("link", name=kept.full_name).click()
    expect(page).to_have_url(re.compile(rf"/cases/people/{kept.pk}/$"))
    duplicate = page.get_by_test_id("duplicate")
    expect(duplicate).to_contain_text("Рзаева")
    expect(duplicate).to_contain_text(second.number)
    screenshot("person-duplicates")
    duplicate.locator("textarea[name=reason]").fill("Same passport, seen at both desks")
    duplicate.get_by_role("button", name="Merge into this person").click()
    merges = page.get_by_test_id("person-merges")
    expect(merges).to_contain_text("Рзаева")
    expect(page.get_by_test_id("person-cases")).to_contain_text(second.number)
    expect(page.get_by_test_id("no-duplicates")).to_be_visible()
    screenshot("person-merged")
    assert AuditEvent.objects.filter(action=CaseAuditAction.PERSONS_MERGED, case_id=None).count() == 1
    merges.get_by_role("button", name="Undo the merge").click()
    expect(page.get_by_test_id("person-merges")).to_contain_text("Undone")
    expect(page.get_by_test_id("person-cases")).not_to_contain_text(second.number)
    screenshot("person-unmerged")
    assert AuditEvent.objects.filter(action=CaseAuditAction.PERSONS_UNMERGED, case_id=None).count() == 1
