"""The work list as supervisors and coordinators see it: their team's reassessments and decisions, not only the
cases they lead themselves."""

import datetime

import pytest
from django.urls import reverse

from concord.cases.models import Case
from concord.cases.tests.factories import freeze_now, open_case, set_time_zone
from concord.countries.models import Country
from concord.risk import services
from concord.risk.tests.factories import all_answers, publish_test_instrument
from concord.risk.tests.test_lowering import _require_confirmation

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue_cases(cast):
    """Three cases of agency A led by its caseworker, their reviews overdue; one case in district B."""
    cases = [open_case(cast, given_name=f"Survivor {n}") for n in range(3)]
    other = open_case(cast, territory=cast.district_b, actor_name="caseworker_other_district")
    today = Country.objects.get(code="tt").today()
    Case.objects.filter(pk__in=[c.pk for c in [*cases, other]]).update(
        next_risk_review_on=today - datetime.timedelta(days=4)
    )
    return cases, other


@pytest.mark.parametrize("persona", ["supervisor", "coordinator"])
def test_the_team_home_shows_the_teams_overdue_reassessments(persona, overdue_cases, client_for):
    cases, other = overdue_cases
    html = client_for(persona).get(reverse("accounts:home")).content.decode()
    section = html.split('data-testid="work-reassessments"')[1].split("</section>")[0]
    assert all(case.number in section for case in cases) and other.number not in section
    assert "Nothing is waiting" not in section


def test_a_caseworker_sees_only_the_cases_they_lead(overdue_cases, client_for, cast):
    cases, _other = overdue_cases
    Case.objects.filter(pk=cases[0].pk).update(lead_worker=cast["supervisor"])
    html = client_for("caseworker").get(reverse("accounts:work")).content.decode()
    assert cases[0].number not in html and cases[1].number in html


def test_a_pending_lower_level_waits_in_the_supervisors_work(cast, client_for):
    case = open_case(cast)
    _require_confirmation()
    instrument = publish_test_instrument()
    for answers, reason in (
        (all_answers(instrument, strangulation="yes"), ""),
        (all_answers(instrument), "Moved away."),
    ):
        services.assessment_create(
            actor=cast["caseworker"],
            case=case,
            instrument=instrument,
            answers=answers,
            source="records",
            lowering_reason=reason,
        )
    html = client_for("supervisor").get(reverse("accounts:work")).content.decode()
    section = html.split('data-testid="work-lowering_confirmations"')[1].split("</section>")[0]
    assert case.number in section
    assert (
        'data-testid="work-lowering_confirmations"'
        not in client_for("caseworker").get(reverse("accounts:work")).content.decode()
    )


def test_the_caseload_counts_by_status_and_level(overdue_cases, client_for):
    response = client_for("coordinator").get(reverse("cases:caseload"))
    assert response.status_code == 200
    assert response.context["total"] == 3 and response.context["overdue_reviews"] == 3
    assert client_for("caseworker").get(reverse("cases:caseload")).status_code == 403


def test_the_work_list_filters_and_caseload_count_days_where_the_case_is(cast, client_for, monkeypatch):
    set_time_zone("tt", "Pacific/Auckland")
    due, overdue = open_case(cast, given_name="Due"), open_case(cast, given_name="Overdue")
    caseworker, coordinator = client_for("caseworker"), client_for("coordinator")
    # 01:00 on 5 March in Auckland; still 4 March on the server (Asia/Baku, 16:00).
    freeze_now(monkeypatch, datetime.datetime(2026, 3, 4, 12, 0, tzinfo=datetime.UTC))
    Case.objects.filter(pk=due.pk).update(next_risk_review_on=datetime.date(2026, 3, 5))
    Case.objects.filter(pk=overdue.pk).update(next_risk_review_on=datetime.date(2026, 3, 4))

    html = caseworker.get(reverse("accounts:work")).content.decode()
    section = html.split('data-testid="work-reassessments"')[1].split("</section>")[0]
    assert due.number in section and overdue.number in section
    assert "Due today" in section and "Overdue since 04/03/2026" in section
    work = caseworker.get("/api/v1/work/", {"scope": "mine"}).json()
    items = {item["title"]: item for item in next(s for s in work if s["source"] == "reassessments")["items"]}
    assert items[due.number]["overdue"] is False and items[overdue.number]["overdue"] is True

    listed = caseworker.get(reverse("cases:case_list"), {"reassessment": "due"}).content.decode()
    assert due.number in listed and overdue.number not in listed
    listed = caseworker.get(reverse("cases:case_list"), {"reassessment": "overdue"}).content.decode()
    assert overdue.number in listed and due.number not in listed
    assert coordinator.get(reverse("cases:caseload")).context["overdue_reviews"] == 1
