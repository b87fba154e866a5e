"""The case's standing risk level never falls silently (DESIGN.md, "The case's level"): an incomplete reassessment
neither clears nor lowers it, and a new assessment that would lower HIGH or EXTREME needs a reason, tells the lead
worker and the owning agency's supervisors, and where the country's risk rules say so waits for a supervisor."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from concord.cases.models import Case
from concord.cases.tests.factories import open_case, record_incident
from concord.common.testing.rows import assert_nothing_written, row_counts
from concord.countries.models import Country
from concord.notifications.models import Notification
from concord.risk import services
from concord.risk.choices import Lowering, RiskLevel, RiskNotification
from concord.risk.tests.factories import add_risk_rules, all_answers, publish_test_instrument

pytestmark = pytest.mark.django_db


@pytest.fixture
def instrument(cast):
    return publish_test_instrument()


@pytest.fixture
def high_case(cast, instrument):
    """A case of agency A at HIGH (a red flag), assessed by its caseworker."""
    case = open_case(cast)
    services.assessment_create(
        actor=cast["caseworker"],
        case=case,
        instrument=instrument,
        answers=all_answers(instrument, strangulation="yes"),
        source="interview",
    )
    case.refresh_from_db()
    assert case.risk_level == RiskLevel.HIGH
    return case


def _assess(cast, case, instrument, *, actor="coordinator", **kwargs):
    answers = kwargs.pop("answers", None) or all_answers(instrument)
    return services.assessment_create(
        actor=cast[actor], case=case, instrument=instrument, answers=answers, source="records", **kwargs
    )


def _require_confirmation():
    country = Country.objects.get(code="tt")
    yesterday = country.today() - datetime.timedelta(days=1)
    add_risk_rules(country, effective_from=yesterday, version="TT-RISK-2", lowering_needs_confirmation=True)


def test_an_incomplete_reassessment_neither_clears_nor_lowers_the_level(cast, high_case, instrument):
    before = Case.objects.get(pk=high_case.pk)
    unknown = dict.fromkeys([item["code"] for item in instrument.definition["items"]][1:8], "unknown")
    incomplete = _assess(cast, high_case, instrument, answers=all_answers(instrument, **unknown))
    assert incomplete.incomplete and incomplete.final_level is None
    high_case.refresh_from_db()
    assert high_case.risk_level == RiskLevel.HIGH
    assert high_case.risk_assessed_at == before.risk_assessed_at
    # Its earlier review date counts: an incomplete assessment is to be completed within 3 days.
    assert high_case.next_risk_review_on == Country.objects.get(code="tt").today() + datetime.timedelta(days=3)


def test_an_incomplete_assessment_with_a_red_flag_raises_the_level(cast, instrument):
    case = open_case(cast)
    unknown = dict.fromkeys([item["code"] for item in instrument.definition["items"]][1:8], "unknown")
    _assess(cast, case, instrument, answers=all_answers(instrument, strangulation="yes", **unknown))
    case.refresh_from_db()
    assert case.risk_level == RiskLevel.HIGH


def test_lowering_a_high_level_needs_a_reason_and_tells_the_owning_agency(cast, high_case, instrument):
    before = row_counts()
    with pytest.raises(ValidationError) as error:
        _assess(cast, high_case, instrument)
    assert "lowering_reason" in error.value.message_dict
    assert_nothing_written(before)

    lowered = _assess(cast, high_case, instrument, lowering_reason="He has been in custody since Monday.")
    assert lowered.lowered_from == RiskLevel.HIGH and lowered.lowering == Lowering.APPLIED
    high_case.refresh_from_db()
    assert high_case.risk_level == RiskLevel.NONE
    told = set(Notification.objects.filter(kind=RiskNotification.RISK_LOWERED).values_list("recipient", flat=True))
    assert told == {cast["caseworker"].pk, cast["supervisor"].pk}


def test_where_the_rules_say_so_a_lower_level_waits_for_a_supervisor(cast, high_case, instrument):
    _require_confirmation()
    review_before = high_case.next_risk_review_on
    lowered = _assess(cast, high_case, instrument, lowering_reason="She has moved to her parents in another city.")
    assert lowered.lowering == Lowering.PENDING
    high_case.refresh_from_db()
    assert (high_case.risk_level, high_case.next_risk_review_on) == (RiskLevel.HIGH, review_before)
    pending = Notification.objects.filter(kind=RiskNotification.RISK_LOWERING_PENDING)
    assert {n.recipient for n in pending} == {cast["caseworker"], cast["supervisor"]}

    for name in ("caseworker", "coordinator", "caseworker_other_agency"):
        with pytest.raises(PermissionDenied):
            services.assessment_decide_lowering(actor=cast[name], assessment=lowered, confirm=True)
    services.assessment_decide_lowering(actor=cast["supervisor"], assessment=lowered, confirm=True)
    high_case.refresh_from_db()
    assert high_case.risk_level == RiskLevel.NONE
    with pytest.raises(ValidationError):
        services.assessment_decide_lowering(actor=cast["supervisor"], assessment=lowered, confirm=False)


def test_a_refused_lowering_keeps_the_level(cast, high_case, instrument):
    _require_confirmation()
    lowered = _assess(cast, high_case, instrument, lowering_reason="She says he has calmed down a lot.")
    services.assessment_decide_lowering(actor=cast["supervisor"], assessment=lowered, confirm=False)
    high_case.refresh_from_db()
    lowered.refresh_from_db()
    assert high_case.risk_level == RiskLevel.HIGH and lowered.lowering == Lowering.REJECTED
    assert Notification.objects.filter(kind=RiskNotification.RISK_LOWERING_DECIDED, recipient=cast["coordinator"])


def test_a_supervisor_cannot_confirm_their_own_lowering(cast, high_case, instrument):
    _require_confirmation()
    lowered = _assess(cast, high_case, instrument, actor="supervisor", lowering_reason="The order was extended.")
    with pytest.raises(PermissionDenied):
        services.assessment_decide_lowering(actor=cast["supervisor"], assessment=lowered, confirm=True)


def test_raising_a_pending_lowering_back_by_judgement_ends_the_wait(cast, high_case, instrument):
    _require_confirmation()
    lowered = _assess(cast, high_case, instrument, lowering_reason="Answers from the police file only.")
    services.assessment_override(
        actor=cast["coordinator"], assessment=lowered, level=RiskLevel.HIGH, rationale="She is still afraid."
    )
    lowered.refresh_from_db()
    assert lowered.lowering == "" and lowered.lowered_from is None
    high_case.refresh_from_db()
    assert high_case.risk_level == RiskLevel.HIGH


def test_a_new_incident_after_the_assessment_makes_a_reassessment_due(cast, high_case):
    record_incident(cast, high_case)
    high_case.refresh_from_db()
    assert high_case.next_risk_review_on == Country.objects.get(code="tt").today()


def test_a_factor_is_present_only_when_an_item_mapped_to_it_was_answered_yes(cast, instrument):
    case = open_case(cast)
    answers = all_answers(instrument, children_in_household="yes", children_harmed_or_threatened="no")
    assessment = _assess(cast, case, instrument, answers=answers)
    assert "CHILD_ABUSE" not in assessment.driving_factors and "CHILD_ABUSE" not in assessment.factors_present
    answers["children_harmed_or_threatened"] = "yes"
    assessment = _assess(cast, case, instrument, answers=answers)
    assert assessment.factors_present == ["CHILD_ABUSE"]


def test_an_instrument_may_refuse_too_many_unknowns(cast):
    strict = publish_test_instrument(code="STRICT-RF", too_many_unknown="refuse")
    case = open_case(cast)
    unknown = dict.fromkeys([item["code"] for item in strict.definition["items"]][:8], "unknown")
    before = row_counts()
    with pytest.raises(ValidationError) as error:
        _assess(cast, case, strict, answers=all_answers(strict, **unknown))
    assert "answers" in error.value.message_dict
    assert_nothing_written(before)


# ---- the form, the result page and the API ----------------------------------------------------------------------


def _post_form(client, case, instrument, **extra):
    from django.urls import reverse

    data = {"instrument": instrument.pk, "source": "records"} | {
        f"item_{code}": value for code, value in all_answers(instrument).items()
    }
    return client.post(reverse("risk:assessment_create", args=[case.pk]), data | extra)


def test_the_form_shows_the_standing_level_and_asks_for_a_reason(cast, high_case, instrument, client_for):
    from django.urls import reverse

    client = client_for("coordinator")
    page = client.get(reverse("risk:assessment_create", args=[high_case.pk])).content.decode()
    assert 'data-testid="standing-level"' in page and cast["caseworker"].full_name in page
    response = _post_form(client, high_case, instrument)
    assert response.status_code == 400
    html = response.content.decode()
    assert "data-error-summary" in html and "say why the risk is lower now" in html
    assert high_case.assessments.count() == 1
    response = _post_form(client, high_case, instrument, lowering_reason="She left for a shelter in another region.")
    assert response.status_code == 302
    high_case.refresh_from_db()
    assert high_case.risk_level == RiskLevel.NONE


def test_a_supervisor_decides_on_the_result_page(cast, high_case, instrument, client_for):
    from django.urls import reverse

    _require_confirmation()
    lowered = _assess(cast, high_case, instrument, lowering_reason="The court ordered him to leave the home.")
    detail = reverse("risk:assessment_detail", args=[high_case.pk, lowered.pk])
    assert "Confirm the lower level" not in client_for("coordinator").get(detail).content.decode()
    assert "Confirm the lower level" in client_for("supervisor").get(detail).content.decode()
    decide = reverse("risk:assessment_decide_lowering", args=[high_case.pk, lowered.pk])
    assert client_for("caseworker").post(decide, {"decision": "confirm"}).status_code == 403
    assert client_for("supervisor").post(decide, {"decision": "confirm"}).status_code == 302
    high_case.refresh_from_db()
    assert high_case.risk_level == RiskLevel.NONE


def test_the_api_takes_a_reason_and_a_decision(cast, high_case, instrument, client_for):
    _require_confirmation()
    body = {"case": high_case.pk, "instrument": instrument.pk, "source": "records", "answers": all_answers(instrument)}
    client = client_for("coordinator")
    refused = client.post("/api/v1/risk-assessments/", body, content_type="application/json")
    assert refused.status_code == 400 and "lowering_reason" in refused.json()
    created = client.post(
        "/api/v1/risk-assessments/",
        body | {"lowering_reason": "He moved to another country in May."},
        content_type="application/json",
    ).json()
    assert created["lowering"] == "pending" and created["lowered_from"] == "high"
    decided = client_for("supervisor").post(
        f"/api/v1/risk-assessments/{created['id']}/decide-lowering/",
        {"confirm": False},
        content_type="application/json",
    )
    assert decided.status_code == 200 and decided.json()["lowering"] == "rejected"
    high_case.refresh_from_db()
    assert high_case.risk_level == RiskLevel.HIGH
