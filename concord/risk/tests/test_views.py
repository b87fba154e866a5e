"""The assessment form, its conditional questions, the result page, the history tab, instruments and the home page."""

import datetime
import json

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concord.audit.models import AuditEvent
from concord.cases.models import Case
from concord.cases.tests.factories import open_case
from concord.countries.models import Country
from concord.risk import services
from concord.risk.choices import RiskLevel
from concord.risk.models import Assessment, InstrumentVersion
from concord.risk.tests.factories import all_answers, default_definition, publish_test_instrument

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(cast):
    return open_case(cast)


@pytest.fixture
def instrument(cast):
    return publish_test_instrument()


def _form_data(instrument, **answers):
    data = {"instrument": instrument.pk, "source": "interview"}
    data |= {f"item_{code}": value for code, value in all_answers(instrument, **answers).items()}
    return data


def test_form_hides_the_score_and_the_result_page_shows_level_and_factors(cast, client_for, case, instrument):
    client = client_for("caseworker")
    page = client.get(reverse("risk:assessment_create", args=[case.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Has he ever gripped your neck" in html and "score" not in html.lower().split("<form")[1]
    # The conditional question is not shown until its condition is met.
    assert 'name="item_children_harmed_or_threatened"' not in html
    response = client.post(
        reverse("risk:assessment_create", args=[case.pk]),
        _form_data(instrument, strangulation="yes", threats_to_kill="yes"),
    )
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("risk:assessment_detail", args=[case.pk, assessment.pk])
    result = client.get(response["Location"]).content.decode()
    assert "Strangulation or choking" in result and "Threats to kill" in result
    assert 'data-testid="red-flags"' in result
    case.refresh_from_db()
    assert case.risk_level == RiskLevel.HIGH


def test_missing_answer_is_shown_on_its_question_and_nothing_is_saved(client_for, case, instrument):
    data = _form_data(instrument)
    del data["item_strangulation"]
    response = client_for("caseworker").post(reverse("risk:assessment_create", args=[case.pk]), data)
    assert response.status_code == 400
    assert "Answer this question" in response.content.decode()
    assert not Assessment.objects.exists()


def test_dependent_question_appears_with_htmx_and_without_javascript(client_for, case, instrument):
    client = client_for("caseworker")
    url = reverse("risk:assessment_dependents", args=[case.pk, "children_in_household"])
    shown = client.post(url, {"instrument": instrument.pk, "item_children_in_household": "yes"})
    assert shown.status_code == 200 and 'name="item_children_harmed_or_threatened"' in shown.content.decode()
    hidden = client.post(url, {"instrument": instrument.pk, "item_children_in_household": "no"})
    assert 'name="item_children_harmed_or_threatened"' not in hidden.content.decode()
    # Without JavaScript the first submit shows the question that now applies, with an error on it.
    data = _form_data(instrument, children_in_household="yes")
    del data["item_children_harmed_or_threatened"]
    response = client.post(reverse("risk:assessment_create", args=[case.pk]), data)
    assert response.status_code == 400
    assert 'name="item_children_harmed_or_threatened"' in response.content.decode()


def test_override_on_the_result_page_raises_only(client_for, case, instrument, cast):
    assessment = services.assessment_create(
        actor=cast["caseworker"], case=case, instrument=instrument, answers=all_answers(instrument), source="both"
    )
    client = client_for("caseworker")
    url = reverse("risk:assessment_override", args=[case.pk, assessment.pk])
    assert client.post(url, {"override_level": RiskLevel.HIGH, "override_rationale": ""}).status_code == 400
    assert (
        client.post(
            url, {"override_level": RiskLevel.HIGH, "override_rationale": "She fears for her life."}
        ).status_code
        == 302
    )
    case.refresh_from_db()
    assert case.risk_level == RiskLevel.HIGH


def test_history_tab_has_chart_data_and_a_table_and_its_read_is_audited(client_for, case, instrument, cast):
    for days, answers in ((40, {}), (10, {"strangulation": "yes"})):
        services.assessment_create(
            actor=cast["caseworker"],
            case=case,
            instrument=instrument,
            answers=all_answers(instrument, **answers),
            source="interview",
            assessed_at=timezone.now() - datetime.timedelta(days=days),
        )
    before = AuditEvent.objects.filter(action="case_viewed").count()
    client = client_for("caseworker")
    url = reverse("risk:case_risk", args=[case.pk])
    with CaptureQueriesContext(connection) as two:
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="risk-history-data"' in html and '"levels": [0, 3]' in html
    assert html.count("<tr>") == 3  # header + two assessments
    assert AuditEvent.objects.filter(action="case_viewed").count() == before + 1
    for _ in range(3):
        services.assessment_create(
            actor=cast["caseworker"],
            case=case,
            instrument=instrument,
            answers=all_answers(instrument),
            source="both",
            lowering_reason="He was arrested and is held on remand.",
        )
    with CaptureQueriesContext(connection) as five:
        client.get(url)
    assert len(five) == len(two)


def test_case_list_filters_by_level(client_for, case, cast, instrument):
    other = open_case(cast, given_name="Nigar")
    services.assessment_create(
        actor=cast["caseworker"],
        case=case,
        instrument=instrument,
        answers=all_answers(instrument, strangulation="yes"),
        source="interview",
    )
    client = client_for("caseworker")
    high = client.get(reverse("cases:case_list"), {"risk_level": RiskLevel.HIGH}).content.decode()
    assert case.number in high and other.number not in high
    none_yet = client.get(reverse("cases:case_list"), {"risk_level": "none_yet"}).content.decode()
    assert other.number in none_yet and case.number not in none_yet


def test_home_page_lists_due_and_overdue_reassessments_of_the_lead_worker(client_for, cast):
    due, overdue, later = (open_case(cast, given_name=name) for name in ("Aygün", "Lalə", "Sevda"))
    today = Country.objects.get(code="tt").today()
    for case, day in (
        (due, today),
        (overdue, today - datetime.timedelta(days=2)),
        (later, today + datetime.timedelta(days=1)),
    ):
        Case.objects.filter(pk=case.pk).update(lead_worker=cast["caseworker"], next_risk_review_on=day)
    html = client_for("caseworker").get(reverse("accounts:home")).content.decode()
    section = html.split('data-testid="work-reassessments"')[1].split("</section>")[0]
    assert due.number in section and overdue.number in section and later.number not in section
    assert section.index(overdue.number) < section.index(due.number)


def test_system_admin_uploads_an_instrument_and_sees_every_problem(client_for):
    client = client_for("system_admin")
    broken = default_definition(code="UPLOAD-RF")
    broken["items"][1]["weight"] = -1
    response = client.post(
        reverse("risk:instrument_upload"),
        {"file": SimpleUploadedFile("rf.yaml", yaml.safe_dump(broken, allow_unicode=True).encode())},
    )
    assert response.status_code == 400 and "items.1.weight" in response.content.decode()
    assert not InstrumentVersion.objects.filter(code="UPLOAD-RF").exists()
    good = default_definition(code="UPLOAD-RF", status="draft")
    response = client.post(
        reverse("risk:instrument_upload"),
        {"file": SimpleUploadedFile("rf.json", json.dumps(good, default=str).encode())},
    )
    instrument = InstrumentVersion.objects.get(code="UPLOAD-RF")
    assert response.status_code == 302 and instrument.status == "draft"
    client.post(reverse("risk:instrument_set_status", args=[instrument.pk]), {"status": "active"})
    instrument.refresh_from_db()
    assert instrument.status == "active" and instrument.published_at is not None
    assert AuditEvent.objects.filter(action="risk_instrument_status").exists()


def test_instrument_pages_for_caseworkers_hide_drafts(client_for, instrument):
    draft = publish_test_instrument(code="DRAFT-RF", status="draft")
    client = client_for("caseworker")
    listing = client.get(reverse("risk:instrument_list")).content.decode()
    assert "TEST-RF" in listing and "DRAFT-RF" not in listing
    assert client.get(reverse("risk:instrument_detail", args=[draft.pk])).status_code == 404
    download = client.get(reverse("risk:instrument_download", args=[instrument.pk]))
    assert download.status_code == 200 and b"strangulation" in download.content


def test_incident_flags_are_shown_with_their_rule_version(client_for, cast, case):
    from concord.cases.tests.factories import record_incident

    for days in (200, 100, 3):
        moment = timezone.now() - datetime.timedelta(days=days)
        record_incident(cast, case, occurred_at=moment, reported_at=moment)
    html = client_for("caseworker").get(reverse("cases:case_tab", args=[case.pk, "incidents"])).content.decode()
    assert html.count('data-testid="flag-escalation"') == 1 and 'data-testid="flag-repeat"' not in html
    assert "TT-RISK-1" in html


def test_home_page_shows_the_first_ten_and_links_to_all_overdue(client_for, cast, monkeypatch):
    from concord.accounts import views

    monkeypatch.setattr(views, "HOME_WORK_ITEMS", 2)
    cases = [open_case(cast, given_name=f"Survivor {n}") for n in range(3)]
    today = Country.objects.get(code="tt").today()
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(
        lead_worker=cast["caseworker"], next_risk_review_on=today - datetime.timedelta(days=1)
    )
    client = client_for("caseworker")
    html = client.get(reverse("accounts:home")).content.decode()
    section = html.split('data-testid="work-reassessments"')[1].split("</section>")[0]
    assert sum(case.number in section for case in cases) == 2 and "All 3 items" in section
    listed = client.get(
        reverse("cases:case_list"), {"reassessment": "overdue", "lead_worker": cast["caseworker"].pk}
    ).content.decode()
    assert all(case.number in listed for case in cases)
    due = client.get(reverse("cases:case_list"), {"reassessment": "due"}).content.decode()
    assert not any(case.number in due for case in cases)


def test_earlier_violence_is_pre_marked_when_the_register_knows_him_from_other_cases(
    cast, client_for, case, instrument
):
    from concord.cases.models import Participant

    url = reverse("risk:assessment_create", args=[case.pk])
    html = client_for("caseworker").get(url).content.decode()
    assert 'data-testid="known-from-records"' not in html
    # The same man is the alleged perpetrator in another agency's case, which the caseworker may not see.
    man = case.participants.get(role="alleged_perpetrator").person
    elsewhere = open_case(cast, actor=cast["caseworker_other_district"], territory=cast.district_b)
    Participant.objects.create(case=elsewhere, person=man, role="alleged_perpetrator", relationship="spouse")
    html = client_for("caseworker").get(url).content.decode()
    item = html.split('id="item-prior_violence_at_home"')[1].split('class="risk-item')[0]
    assert 'data-testid="known-from-records"' in item and "in 1 other case" in item
    assert 'value="yes" checked' in item.replace("\n", " ").replace('value="yes"  checked', 'value="yes" checked')
    assert elsewhere.number not in html
    # Only that factor: the others start unanswered.
    assert html.count('data-testid="known-from-records"') == 1
