"""Trainings in Chromium: a trainer fills in a training's attendance sheet on a tablet, in Albanian (a member of the
district's monitoring group and a person from outside, one score out of range refused and nothing saved), prints the
sheet and finds the group's member counted in the coverage report; and axe (WCAG 2.1 A and AA) finds no critical or
serious violation on the pages of programmes, trainings, the library and campaigns, in every language."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.cases.tests.factories import open_case
from concord.cases.tests.test_browser import _sign_in
from concord.common.testing.a11y import axe_violations
from concord.common.testing.browser import switch_language, translated
from concord.conftest import ARTIFACTS
from concord.countries.clock import country_local_date
from concord.groups.tests.factories import build_group
from concord.programmes import services
from concord.programmes.models import Trainee
from concord.programmes.tests.factories import build_programme_scene, enrolled, hold_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TOPICS = ["The amendments to the law", "Identifying risk factors"]
TABLET = {"viewport": {"width": 820, "height": 1180}, "has_touch": True, "is_mobile": True, "locale": "sq-AL"}


def _plan_and_session(cast):
    starts_at = timezone.now() - datetime.timedelta(minutes=5)
    year = country_local_date(cast.agency_a.territory.country_code, starts_at).year
    plan = services.training_plan_create(
        actor=cast["coordinator"], year=year, audience="group_members", title="Monitoring group", topics=TOPICS,
        target_people=10, target_sessions=1,
    )  # fmt: skip
    session = services.training_session_record(
        actor=cast["coordinator"], plan=plan, starts_at=starts_at, hours=Decimal(4), trainer="Arta Hoxha",
        topics=TOPICS, place="Town hall",
    )  # fmt: skip
    return plan, session


def test_a_trainer_fills_in_the_attendance_sheet_on_a_tablet_in_albanian(browser, live_server, cast, request):
    build_group(cast)
    plan, session = _plan_and_session(cast)
    tablet = browser.new_page(**TABLET)

    def shot(label: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        tablet.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{label}.png"), full_page=True)

    base = live_server.url
    _sign_in(tablet, base, cast, "coordinator")
    # On a tablet held upright the navigation, the language with it, is behind the menu button.
    tablet.locator(".navbar-toggler").tap()
    switch_language(tablet, "sq")
    tablet.goto(f"{base}{reverse('programmes:training_session_detail', args=[session.pk])}")
    sheet = tablet.get_by_test_id("trainee-sheet")
    sheet.locator("select[name=form-0-user]").select_option(str(cast["group_member"].pk))
    sheet.locator("select[name=form-0-sex]").select_option("female")
    sheet.locator("input[name=form-0-pre_score]").fill("45")
    sheet.locator("input[name=form-0-post_score]").fill("80")
    sheet.locator("input[name=form-1-name]").fill("Blerta Kola")
    sheet.locator("input[name=form-1-organisation]").fill("Njësia Administrative 3")
    sheet.locator("input[name=form-1-role]").fill("Punonjëse sociale")
    sheet.locator("select[name=form-1-sex]").select_option("female")
    sheet.locator("input[name=form-1-pre_score]").fill("50")
    sheet.locator("input[name=form-1-post_score]").fill("150")
    sheet.locator("button[type=submit]").tap()
    # The score out of range is named above the sheet and on its line, in Albanian, and nothing is saved; on an
    # upright tablet each line is a card, so the field in error is in sight, not in a column scrolled away.
    too_high = translated("sq", "Ensure this value is less than or equal to %(limit_value)s.") % {"limit_value": 100}
    errors = tablet.get_by_test_id("sheet-errors")
    expect(errors.locator("li")).to_have_count(1)
    expect(errors).to_contain_text(too_high)
    errors.locator("a[href='#id_form-1-post_score']").tap()
    expect(tablet.locator("tr.table-danger")).to_have_count(1)
    expect(tablet.locator("tr.table-danger")).to_contain_text(too_high)
    expect(tablet.locator("#id_form-1-post_score")).to_be_in_viewport()
    shot("refused")
    assert not Trainee.objects.filter(session=session).exists()
    sheet = tablet.get_by_test_id("trainee-sheet")
    expect(sheet.locator("input[name=form-1-name]")).to_have_value("Blerta Kola")
    sheet.locator("input[name=form-1-post_score]").fill("75")
    sheet.locator("button[type=submit]").tap()
    expect(tablet.locator(".alert-success")).to_contain_text(translated("sq", "The attendance sheet was saved."))
    shot("saved")
    # Turned sideways on a wide screen the sheet is a table again, its labels for screen readers only.
    tablet.set_viewport_size({"width": 1366, "height": 900})
    expect(tablet.locator(".sheet-table thead")).to_be_visible()
    assert tablet.locator("label[for=id_form-0-name]").bounding_box()["width"] <= 1
    shot("wide")
    saved = {trainee.name: trainee for trainee in Trainee.objects.filter(session=session)}
    assert set(saved) == {cast["group_member"].full_name, "Blerta Kola"}
    assert saved["Blerta Kola"].post_score == Decimal(75) and saved["Blerta Kola"].user_id is None
    assert saved[cast["group_member"].full_name].user_id == cast["group_member"].pk

    # The printable sheet names both; the plan's report and the coverage report count them.
    printed = tablet.request.get(f"{base}{reverse('programmes:training_sheet_pdf', args=[session.pk])}")
    assert printed.ok and printed.body().startswith(b"%PDF")
    tablet.goto(f"{base}{reverse('programmes:training_plan_detail', args=[plan.pk])}")
    expect(tablet.get_by_test_id("plan-summary")).to_contain_text("2")
    tablet.goto(f"{base}{reverse('programmes:training_coverage')}?months=12&territory={cast.district_a.pk}")
    group_line = tablet.get_by_test_id("coverage-group")
    expect(group_line).to_have_count(1)
    expect(group_line.locator("td")).to_have_text([re.compile("Safety circle"), "4", "1", "25 %"])
    shot("coverage")
    assert axe_violations(tablet) == []


@pytest.mark.parametrize("language", ["en", "az", "ru", "sq"])
def test_the_pages_of_programmes_and_trainings_have_no_serious_accessibility_violations(
    page: Page, browser, browser_context_args, live_server, cast, language
):
    """As the owning agency's supervisor (who also runs trainings) and as the programme's facilitator."""
    scene = build_programme_scene(cast)
    case = open_case(cast)
    enrolment = enrolled(cast, case, scene)
    hold_session(cast, scene, {enrolment.pk: "present"})
    plan, session = _plan_and_session(cast)
    services.trainees_record(actor=cast["coordinator"], session=session, rows=[{"name": "Blerta Kola"}])
    material = services.material_create(actor=cast["coordinator"], kind="handbook", title="Handbook for journalists")
    campaigns = services.campaign_programme_create(
        actor=cast["coordinator"], title="Awareness", starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2030, 12, 31),
    )  # fmt: skip
    campaign = services.campaign_create(
        actor=cast["coordinator"], programme=campaigns, title="16 days", audiences=["general_public"],
        channels=["tv"], starts_on=datetime.date(2026, 11, 25), ends_on=datetime.date(2026, 12, 10),
    )  # fmt: skip
    supervisor_urls = [
        reverse("programmes:case_programmes", args=[case.pk]),
        reverse("programmes:programme_list"),
        reverse("programmes:training_plan_list"),
        reverse("programmes:training_plan_create"),
        reverse("programmes:training_plan_detail", args=[plan.pk]),
        reverse("programmes:training_session_detail", args=[session.pk]),
        reverse("programmes:training_calendar"),
        reverse("programmes:training_coverage"),
        reverse("programmes:material_list"),
        reverse("programmes:material_detail", args=[material.pk]),
        reverse("programmes:campaign_programme_list"),
        reverse("programmes:campaign_programme_detail", args=[campaigns.pk]),
        reverse("programmes:campaign_detail", args=[campaign.pk]),
    ]
    provider_urls = [
        reverse("programmes:programme_detail", args=[scene.programme.pk]),
        reverse("programmes:programme_edit", args=[scene.programme.pk]),
        reverse("programmes:session_create", args=[scene.programme.pk]),
        reverse("programmes:enrolment_detail", args=[enrolment.pk]),
    ]
    facilitator = browser.new_page(**browser_context_args)
    found = {}
    readers = (("supervisor", page, supervisor_urls), ("provider_supervisor", facilitator, provider_urls))
    for who, window, urls in readers:
        _sign_in(window, live_server.url, cast, who)
        switch_language(window, language)
        for url in urls:
            response = window.goto(live_server.url + url)
            assert response is not None and response.status == 200, (who, url)
            problems = axe_violations(window)
            if problems:
                found[url] = problems
    assert found == {}
