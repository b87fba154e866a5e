import pytest

from concord.cases.tests.factories import open_case
from concord.risk.models import Assessment
from concord.risk.tests.factories import all_answers, publish_test_instrument

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(cast):
    return open_case(cast), publish_test_instrument()


def _create(client, case, instrument, **changes):
    body = {"case": case.pk, "instrument": instrument.pk, "source": "interview", "answers": all_answers(instrument)}
    return client.post("/api/v1/risk-assessments/", body | changes, content_type="application/json")


def test_create_returns_the_result_with_levels_by_name(client_for, setup):
    case, instrument = setup
    response = _create(
        client_for("caseworker"), case, instrument, answers=all_answers(instrument, threats_to_kill="yes")
    )
    assert response.status_code == 201
    data = response.json()
    assert data["computed_level"] == "high" and data["final_level"] == "high"
    assert data["red_flags"] == ["threats_to_kill"] and data["answers"]["threats_to_kill"] == "yes"
    assert data["next_review_on"] and data["rules_version"] == "TT-RISK-1"
    case_data = client_for("caseworker").get(f"/api/v1/cases/{case.pk}/").json()
    assert case_data["risk_level"] == 3 and case_data["next_risk_review_on"] == data["next_review_on"]


def test_errors_name_the_question_and_write_nothing(client_for, setup):
    case, instrument = setup
    answers = all_answers(instrument)
    del answers["weapon_used"]
    response = _create(client_for("caseworker"), case, instrument, answers=answers)
    assert response.status_code == 400 and "weapon_used" in response.json()
    lowered = _create(
        client_for("caseworker"),
        case,
        instrument,
        answers=all_answers(instrument, strangulation="yes"),
        override_level="low",
        override_rationale="Calmer now.",
    )
    assert lowered.status_code == 400 and "override_level" in lowered.json()
    assert not Assessment.objects.exists()


def test_override_raises_and_instruments_are_readable(client_for, setup):
    case, instrument = setup
    client = client_for("caseworker")
    assessment = _create(client, case, instrument).json()
    response = client.post(
        f"/api/v1/risk-assessments/{assessment['id']}/override/",
        {"level": "extreme", "rationale": "He bought a gun."},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["final_level"] == "extreme"
    listed = client.get("/api/v1/risk-instruments/").json()["results"]
    assert [i["code"] for i in listed] == ["TEST-RF"] and len(listed[0]["items"]) == 24
    only_case = client.get("/api/v1/risk-assessments/", {"case": case.pk}).json()
    assert len(only_case["results"]) == 1


def test_other_agencies_do_not_see_assessments(client_for, setup):
    case, instrument = setup
    _create(client_for("caseworker"), case, instrument)
    assert client_for("caseworker_other_district").get("/api/v1/risk-assessments/").json()["results"] == []
