"""The scenario of a perpetrator programme in Chromium, in Russian: an injunction is issued with the condition that he
attend a programme; the programme's facilitator finds him among the programme's enrolments, enrols him after the
first contact, records three sessions (he misses the third) and then his drop-out; the survivor's lead worker is
told of the missed session and of the drop-out, and finds the case's risk reassessment due."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.cases.tests.factories import open_case
from concord.cases.tests.test_browser import _sign_in
from concord.common.testing.browser import switch_language, translated
from concord.conftest import ARTIFACTS
from concord.programmes.choices import EnrolmentStatus
from concord.programmes.models import Enrolment, ProgrammeSession
from concord.programmes.tests.factories import build_programme_scene
from concord.protection.tests.factories import respondent_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LANGUAGE = "ru"


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_an_order_requires_a_programme_he_drops_out_and_the_lead_worker_reassesses(
    page: Page, browser, browser_context_args, live_server, cast, screenshot, request
):
    # The lead worker keeps her own window: signing in twice within one authenticator code is refused.
    worker = browser.new_page(**browser_context_args)

    def worker_shot(label: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        worker.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{label}.png"), full_page=True)

    scene = build_programme_scene(cast)
    case = open_case(cast)
    base = live_server.url
    now = timezone.now()

    # The police caseworker records the injunction that the executive issued with the programme as a condition.
    _sign_in(worker, base, cast, "caseworker")
    switch_language(worker, LANGUAGE)
    worker.goto(f"{base}/cases/{case.pk}/protection/")
    worker.get_by_test_id("apply-order").click()
    worker.select_option("#id_measure", str(scene.protection.injunction.pk))
    worker.select_option("#id_issuer", str(cast.other_agency_a.pk))
    worker.select_option("#id_applicant_kind", "survivor")
    worker.fill("#id_applied_at", _local(now - datetime.timedelta(days=30)))
    worker.select_option("#id_respondent", str(respondent_of(case).pk))
    worker.locator("main form button[type=submit]").click()
    form = worker.get_by_test_id("decide-form")
    form.locator("input[name=issued][value=yes]").check()
    form.locator("input[name=decided_at]").fill(_local(now - datetime.timedelta(days=29)))
    form.locator("input[name=ends_on]").fill((timezone.localdate() + datetime.timedelta(days=60)).isoformat())
    form.locator("input[name=conditions][value=no_contact]").check()
    form.locator("input[name=conditions][value=attend_programme]").check()
    form.locator("button[type=submit]").click()
    expect(worker.get_by_test_id("order-status")).to_have_text(translated(LANGUAGE, "In force", "order status"))
    worker.goto(f"{base}/cases/{case.pk}/programmes/")
    expect(worker.get_by_test_id("enrolment-table").locator("tbody tr")).to_have_count(1)
    expect(worker.get_by_test_id("enrolment-status")).to_have_text(translated(LANGUAGE, "Awaiting the provider"))
    worker_shot("required")

    # The facilitator of the programme sees him, never the case, and enrols him after the first contact.
    _sign_in(page, base, cast, "provider")
    switch_language(page, LANGUAGE)
    expect(page.get_by_test_id("work-programme_enrolments").get_by_test_id("work-count")).to_have_text("1")
    page.goto(f"{base}/programmes/{scene.programme.pk}/")
    page.get_by_test_id("programme-enrolments").get_by_role("link").first.click()
    expect(page.get_by_test_id("enrolment-facts")).to_contain_text(
        translated(LANGUAGE, "Condition of a protection order")
    )
    expect(page.locator("main")).not_to_contain_text(case.number)
    screenshot("provider-enrolment")
    enrol = page.get_by_test_id("enrol-form")
    enrol.locator("input[name=first_contact_at]").fill(_local(now - datetime.timedelta(days=27)))
    enrol.locator("button[type=submit]").click()
    expect(page.get_by_test_id("enrolment-status")).to_have_text(translated(LANGUAGE, "Attending"))

    # Three weekly sessions on the attendance sheet: present, present, absent.
    enrolment = Enrolment.objects.get(case=case)
    for days_ago, presence in ((21, "present"), (14, "present"), (7, "absent")):
        page.goto(f"{base}/programmes/{scene.programme.pk}/sessions/new/")
        sheet = page.get_by_test_id("session-form")
        sheet.locator("input[name=held_at]").fill(_local(now - datetime.timedelta(days=days_ago)))
        sheet.locator("input[name=topic]").fill("Ответственность за насилие")
        sheet.locator(f"input[name=presence_{enrolment.pk}][value={presence}]").check()
        if days_ago == 7:
            screenshot("attendance-sheet")
        sheet.locator("button[type=submit]").click()
        expect(page.get_by_test_id("programme-sessions")).to_be_visible()
    expect(page.get_by_test_id("programme-sessions").locator("tbody tr")).to_have_count(3)
    assert ProgrammeSession.objects.filter(programme=scene.programme).count() == 3

    # He stops coming: the drop-out is recorded.
    page.goto(f"{base}/programmes/enrolments/{enrolment.pk}/")
    expect(page.get_by_test_id("sessions-attended")).to_contain_text("2")
    leave = page.get_by_test_id("leave-form")
    leave.locator("input[name=status][value=dropped_out]").check()
    leave.locator("select[name=reason]").select_option("stopped_attending")
    leave.locator("input[name=left_at]").fill(_local(now - datetime.timedelta(hours=1)))
    leave.locator("textarea[name=text]").fill("Не пришёл на два последних занятия, на звонки не отвечает.")
    leave.locator("button[type=submit]").click()
    expect(page.get_by_test_id("enrolment-status")).to_have_text(translated(LANGUAGE, "Dropped out"))
    screenshot("dropped-out")
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.DROPPED_OUT

    # The survivor's lead worker is told, and her case's risk reassessment is due today.
    worker.goto(f"{base}/notifications/")
    expect(worker.get_by_text(translated(LANGUAGE, "A perpetrator left a programme: reassess the risk"))).to_have_count(
        1
    )
    expect(worker.get_by_text(translated(LANGUAGE, "A perpetrator missed a programme session"))).to_have_count(1)
    worker_shot("lead-worker-notified")
    worker.goto(f"{base}/")
    reassessments = worker.get_by_test_id("work-reassessments")
    expect(reassessments).to_contain_text(case.number)
    expect(worker.locator("html")).to_have_attribute("lang", LANGUAGE)
    worker_shot("reassessment-due")
    case.refresh_from_db()
    assert case.next_risk_review_on == timezone.localdate()
