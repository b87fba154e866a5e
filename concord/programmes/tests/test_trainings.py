"""Training plans: a plan per year and audience, sessions within its year on its topics, the attendance sheet of
staff and people from outside with their test scores; the plan's report (the seed's Tirana training: 53 staff of the
municipality's administrative units trained on three topics) and the coverage of a district's monitoring group and
police officers, on a small data set whose answer is known by hand."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from concord.cases.tests.factories import freeze_now
from concord.common.testing.rows import assert_nothing_written, row_counts
from concord.groups.tests.factories import build_group
from concord.programmes import selectors, services
from concord.programmes.models import Trainee
from concord.stats.tests.factories import BAKU

pytestmark = pytest.mark.django_db
TOPICS = [
    "The amendments to the law",
    "Identifying risk factors",
    "Case management, referral and monitoring",
]


def at(month: int, day: int) -> datetime.datetime:
    return datetime.datetime(2026, month, day, 10, tzinfo=BAKU)


@pytest.fixture
def plan(cast, monkeypatch):
    freeze_now(monkeypatch, at(6, 15))
    return services.training_plan_create(
        actor=cast["coordinator"], year=2026, audience="admin_unit_staff", title="Administrative units 2026",
        topics=TOPICS, target_people=53, target_sessions=2,
    )  # fmt: skip


def _session(cast, plan, **overrides):
    values = {
        "starts_at": at(5, 20), "hours": Decimal(6), "trainer": "Arta Hoxha", "topics": TOPICS, "place": "Town hall",
    } | overrides  # fmt: skip
    return services.training_session_record(actor=cast["coordinator"], plan=plan, **values)


def test_the_seed_training_and_its_report(cast, plan):
    session = _session(cast, plan)
    rows = [
        {"name": f"Staff {n}", "organisation": f"Administrative unit {n % 24 + 1}", "role": "Social worker",
         "sex": "female" if n % 3 else "male", "agency_kind": "local_executive",
         "pre_score": 40 + n % 20, "post_score": 70 + n % 20}
        for n in range(53)
    ]  # fmt: skip
    services.trainees_record(actor=cast["coordinator"], session=session, rows=rows)
    report = selectors.plan_report(plan)
    assert report.sessions == 1 and report.people == 53 and report.topics_covered == TOPICS
    (line,) = report.by_kind_and_sex
    assert (line["female"], line["male"], line["total"]) == (35, 18, 53)
    assert report.scores["n"] == 53 and report.scores["change"] == 30 and report.scores["improved"] == 53


def test_a_session_outside_the_plans_year_or_topics_is_refused_and_nothing_is_written(cast, plan):
    before = row_counts()
    for overrides in (
        {"starts_at": datetime.datetime(2025, 12, 31, 10, tzinfo=BAKU)},
        {"topics": ["Astrology"]},
        {"topics": []},
        {"place": ""},
        {"trainer": " "},
        {"hours": Decimal(13)},
    ):
        with pytest.raises(ValidationError):
            _session(cast, plan, **overrides)
    with pytest.raises(PermissionDenied):
        services.training_session_record(
            actor=cast["caseworker"], plan=plan, starts_at=at(5, 20), hours=Decimal(2), trainer="X", topics=TOPICS,
            online=True,
        )  # fmt: skip
    assert_nothing_written(before)
    assert _session(cast, plan, place="", online=True).online


def test_the_attendance_sheet_checks_each_line(cast, plan):
    session = _session(cast, plan)
    before = row_counts()
    for rows in (
        [{"user": cast["caseworker"].pk}, {"user": cast["caseworker"].pk}],
        [{"user": 10**9}],
        [{"name": ""}],
        [{"name": "Someone", "agency_kind": "astrologers"}],
        [{"name": "Someone", "pre_score": 101}],
        [{"name": "Someone", "sex": "other"}],
    ):
        with pytest.raises(ValidationError):
            services.trainees_record(actor=cast["coordinator"], session=session, rows=rows)
    assert_nothing_written(before)
    future = _session(cast, plan, starts_at=at(7, 1))
    with pytest.raises(ValidationError, match="not been held"):
        services.trainees_record(actor=cast["coordinator"], session=future, rows=[{"name": "Someone"}])
    (staff,) = services.trainees_record(
        actor=cast["coordinator"], session=session, rows=[{"user": cast["caseworker"].pk}]
    )
    assert staff.name == cast["caseworker"].full_name and staff.agency == cast.agency_a
    assert staff.agency_kind == "police"


def test_coverage_of_the_group_and_the_police_on_a_known_data_set(cast, plan):
    build_group(cast)
    session = _session(cast, plan)
    services.trainees_record(
        actor=cast["coordinator"], session=session,
        rows=[
            {"user": cast["caseworker"].pk, "sex": "female", "pre_score": 40, "post_score": 70},
            {"user": cast["group_member"].pk, "sex": "male", "pre_score": 50, "post_score": 45},
            {"user": cast["supervisor"].pk, "attended": False},
            {"name": "Journalist", "organisation": "Radio", "sex": "female", "agency_kind": ""},
        ],
    )  # fmt: skip
    # An old training, before the window, counts for no one.
    old_plan = services.training_plan_create(
        actor=cast["coordinator"], year=2024, audience="police", title="Police 2024", topics=["Risk"],
        target_people=10, target_sessions=1,
    )  # fmt: skip
    old = services.training_session_record(
        actor=cast["coordinator"], plan=old_plan, starts_at=datetime.datetime(2024, 3, 1, 10, tzinfo=BAKU),
        hours=Decimal(2), trainer="X", topics=["Risk"], place="Police A",
    )  # fmt: skip
    services.trainees_record(actor=cast["coordinator"], session=old, rows=[{"user": cast["supervisor"].pk}])
    coverage = selectors.training_coverage(cast.district_a, 12, datetime.date(2026, 6, 15))
    (group,) = coverage.groups
    assert (group.people, group.trained) == (4, 2) and group.share == 0.5
    assert (coverage.police.people, coverage.police.trained) == (2, 1)
    assert coverage.people == 3
    lines = {line["kind"]: line for line in coverage.by_kind_and_sex}
    assert lines[cast.agency_a.kind.name]["female"] == 1 and lines[""]["female"] == 1
    assert coverage.scores["n"] == 2 and coverage.scores["change"] == Decimal("12.5")
    assert coverage.scores["improved"] == 1
    assert Trainee.objects.filter(attended=False).count() == 1
    wider = selectors.training_coverage(cast.district_a, 36, datetime.date(2026, 6, 15))
    assert wider.police.trained == 2


def test_months_before_keeps_the_day_or_the_months_last():
    assert selectors.months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert selectors.months_before(datetime.date(2026, 1, 15), 13) == datetime.date(2024, 12, 15)


def test_the_pages_show_the_report_the_sheet_the_calendar_and_the_coverage(cast, plan, client_for):
    from django.urls import reverse

    build_group(cast)
    session = _session(cast, plan)
    client = client_for("coordinator")
    sheet_url = reverse("programmes:training_session_detail", args=[session.pk])
    page = client.get(sheet_url).content.decode()
    assert 'name="form-0-name"' in page and 'name="form-9-name"' in page
    response = client.post(
        sheet_url,
        {
            "form-TOTAL_FORMS": "3", "form-INITIAL_FORMS": "0",
            "form-0-user": str(cast["caseworker"].pk), "form-0-sex": "female", "form-0-attended": "on",
            "form-0-pre_score": "40", "form-0-post_score": "80",
            "form-1-name": "Blerta Kola", "form-1-organisation": "Unit 3", "form-1-sex": "female",
            "form-1-agency_kind": "local_executive", "form-1-attended": "on",
            "form-2-sex": "unknown",
        },
    )  # fmt: skip
    assert response.status_code == 302
    assert Trainee.objects.filter(session=session).count() == 2
    detail = client.get(reverse("programmes:training_plan_detail", args=[plan.pk])).content.decode()
    assert "2 people trained" in detail and "The amendments to the law" in detail
    calendar = client.get(reverse("programmes:training_calendar") + "?month=2026-05").content.decode()
    assert reverse("programmes:training_session_detail", args=[session.pk]) in calendar
    coverage = client_for("analyst").get(reverse("programmes:training_coverage") + "?months=12")
    assert coverage.status_code == 200 and "Safety circle" in coverage.content.decode()
    api = client_for("analyst").get(f"/api/v1/training-coverage/?territory={cast.district_a.pk}&months=12").json()
    (group,) = api["groups"]
    assert (group["people"], group["trained"]) == (4, 1) and api["police"]["trained"] == 1
    assert client_for("analyst").get("/api/v1/training-coverage/?months=0").status_code == 400
    report = client_for("analyst").get(f"/api/v1/training-plans/{plan.pk}/report/").json()
    assert report["people"] == 2 and report["scores"]["n"] == 1
    pdf = client.get(reverse("programmes:training_sheet_pdf", args=[session.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    seen = client_for("analyst").get(sheet_url).content.decode()
    assert "Blerta Kola" not in seen and "2 people attended" in seen
    assert "Blerta Kola" in client.get(sheet_url).content.decode()


def test_the_statistics_count_trainings_and_participants_by_audience(cast, plan):
    from concord.stats import catalogue
    from concord.stats.catalogue import Filters, count

    session = _session(cast, plan)
    rows = [{"name": f"Staff {n}", "sex": "female", "agency_kind": "local_executive"} for n in range(7)]
    services.trainees_record(
        actor=cast["coordinator"], session=session, rows=[*rows, {"name": "Absent", "attended": False}]
    )
    police = services.training_plan_create(
        actor=cast["coordinator"], year=2026, audience="police", title="Police", topics=["Risk"], target_people=5,
        target_sessions=1,
    )  # fmt: skip
    services.training_session_record(
        actor=cast["coordinator"], plan=police, starts_at=at(6, 1), hours=Decimal(2), trainer="X", topics=["Risk"],
        online=True,
    )  # fmt: skip
    year = Filters(country_code="tt", start=datetime.date(2026, 1, 1), end=datetime.date(2027, 1, 1), time_zone=BAKU)

    def cells(code: str) -> dict:
        return {k: n for k, n in count(catalogue.indicator(code), year, "").cells.items() if n}

    assert cells("trainings-held") == {("admin_unit_staff", None): 1, ("police", None): 1}
    assert cells("trainings-participants") == {("admin_unit_staff", None): 7}


def test_the_plans_are_listed_by_year_audience_and_area_a_page_at_a_time(cast, plan, client_for, monkeypatch):
    from django.urls import reverse

    from concord.programmes import views

    services.training_plan_create(
        actor=cast["coordinator"], year=2025, audience="police", title="Police 2025", topics=["Risk"],
        target_people=10, target_sessions=1,
    )  # fmt: skip
    services.training_plan_create(
        actor=cast["agency_admin_other_district"], year=2026, audience="police", title="Police of district B",
        topics=["Risk"], target_people=10, target_sessions=1,
    )  # fmt: skip
    url = reverse("programmes:training_plan_list")

    def titles(persona: str, query: str = "") -> set[str]:
        response = client_for(persona).get(url + query)
        assert response.status_code == 200
        page = response.context["page"]
        return {each.title for each in page.object_list}

    # At first the reader's own area; the area left empty is the whole country.
    assert titles("coordinator") == {"Administrative units 2026", "Police 2025"}
    assert titles("coordinator", "?territory=") == {"Administrative units 2026", "Police 2025", "Police of district B"}
    assert titles("coordinator", f"?territory={cast.district_b.pk}") == {"Police of district B"}
    assert titles("coordinator", "?territory=&year=2025") == {"Police 2025"}
    assert titles("coordinator", "?territory=&audience=police&year=2026") == {"Police of district B"}
    assert titles("analyst") == {"Administrative units 2026", "Police 2025", "Police of district B"}
    refused = client_for("coordinator").get(url + "?year=1999")
    assert refused.status_code == 400 and "1999" not in str(refused.context["page"].object_list)
    # A page number alone keeps the reader's own area.
    monkeypatch.setattr(views, "PLANS_PAGE_SIZE", 1)
    first, second = titles("coordinator"), titles("coordinator", "?page=2")
    assert first | second == {"Administrative units 2026", "Police 2025"}

    api = client_for("coordinator")
    listed = api.get(f"/api/v1/training-plans/?territory={cast.district_b.pk}").json()["results"]
    assert [each["title"] for each in listed] == ["Police of district B"]
    listed = api.get("/api/v1/training-plans/?year=2025&audience=police").json()["results"]
    assert [each["title"] for each in listed] == ["Police 2025"]
    for query in ("year=abc", "year=1999", "year=2025.5", "audience=astrologers", "territory=0", f"territory={2**64}"):
        assert api.get(f"/api/v1/training-plans/?{query}").status_code == 400, query
