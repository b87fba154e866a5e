"""Assessments, overrides, immutable instrument versions and the flags of a new incident."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from concord.audit.models import AuditEvent
from concord.cases.models import Case
from concord.cases.tests.factories import open_case, record_incident
from concord.countries.calendar import add_months
from concord.countries.models import Country
from concord.risk import services
from concord.risk.choices import InstrumentStatus, RiskLevel
from concord.risk.definitions import DefinitionInvalid
from concord.risk.models import Assessment, InstrumentVersion
from concord.risk.tests.factories import all_answers, default_definition, publish_test_instrument

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(cast):
    return open_case(cast)


@pytest.fixture
def instrument(cast):
    return publish_test_instrument()


def assess(cast, case, instrument, answers, **kwargs):
    return services.assessment_create(
        actor=cast["caseworker"], case=case, instrument=instrument, answers=answers, source="interview", **kwargs
    )


def test_assessment_sets_level_and_next_review_from_the_country_rules(cast, case, instrument):
    # 8 yes answers: medium on CONCORD-RF's bands (7–11), reassessed after 30 days under TT-RISK-1.
    yes = [item["code"] for item in instrument.definition["items"] if not item.get("red_flag")][:8]
    assessment = assess(cast, case, instrument, all_answers(instrument, **dict.fromkeys(yes, "yes")))
    today = Country.objects.get(code="tt").today()
    assert assessment.score == 8 and assessment.final_level == RiskLevel.MEDIUM
    assert assessment.next_review_on == today + datetime.timedelta(days=30)
    assert assessment.rules_version == "TT-RISK-1"
    case.refresh_from_db()
    assert case.risk_level == RiskLevel.MEDIUM and case.next_risk_review_on == assessment.next_review_on
    # The answers are stored encrypted, the findings too; nothing personal goes into the audit details.
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers_json, findings_json FROM risk_assessment WHERE id = %s", [assessment.pk])
        answers, findings = cursor.fetchone()
    assert (
        yes[0] not in answers and assessment.driving_factors[0] not in findings and assessment.answers[yes[0]] == "yes"
    )
    event = AuditEvent.objects.filter(action="risk_assessed").latest("pk")
    assert event.details == {
        "change": "risk_assessed",
        "step": "assessed",
        "level": "MEDIUM",
        "instrument": "TEST-RF 1.0.0",
    }


def test_red_flag_forces_high_and_a_seven_day_review(cast, case, instrument):
    assessment = assess(cast, case, instrument, all_answers(instrument, strangulation="yes"))
    assert assessment.score == 1 and assessment.computed_level == RiskLevel.HIGH
    assert assessment.red_flags == ["strangulation"] and assessment.driving_factors == ["STRANGULATION"]
    assert assessment.next_review_on == Country.objects.get(code="tt").today() + datetime.timedelta(days=7)


def test_too_many_unknowns_make_it_incomplete_and_due_soon(cast, case, instrument):
    codes = [item["code"] for item in instrument.definition["items"]][:7]
    assessment = assess(cast, case, instrument, all_answers(instrument, **dict.fromkeys(codes, "unknown")))
    assert assessment.incomplete and assessment.final_level is None and assessment.score is None
    assert assessment.next_review_on == Country.objects.get(code="tt").today() + datetime.timedelta(days=3)


def test_every_shown_question_needs_an_answer_and_nothing_is_written_when_one_is_missing(cast, case, instrument):
    answers = all_answers(instrument)
    del answers["strangulation"]
    with pytest.raises(ValidationError) as error:
        assess(cast, case, instrument, answers)
    assert "strangulation" in error.value.message_dict
    with pytest.raises(ValidationError):
        assess(cast, case, instrument, all_answers(instrument, strangulation="perhaps"))
    with pytest.raises(ValidationError):
        assess(cast, case, instrument, all_answers(instrument) | {"invented": "yes"})
    assert not Assessment.objects.exists()
    case.refresh_from_db()
    assert case.risk_level is None


def test_conditional_question_is_dropped_when_it_does_not_apply(cast, case, instrument):
    answers = all_answers(instrument, children_in_household="no", children_harmed_or_threatened="yes")
    assessment = assess(cast, case, instrument, answers)
    assert "children_harmed_or_threatened" not in assessment.answers
    answers = all_answers(instrument, children_in_household="yes")
    del answers["children_harmed_or_threatened"]
    with pytest.raises(ValidationError) as error:
        assess(cast, case, instrument, answers)
    assert "children_harmed_or_threatened" in error.value.message_dict


def test_override_only_raises_and_needs_a_rationale(cast, case, instrument):
    with pytest.raises(ValidationError) as error:
        assess(cast, case, instrument, all_answers(instrument, strangulation="yes"), override_level=RiskLevel.LOW)
    assert "override_level" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        assess(cast, case, instrument, all_answers(instrument), override_level=RiskLevel.HIGH)
    assert "override_rationale" in error.value.message_dict
    assessment = assess(
        cast,
        case,
        instrument,
        all_answers(instrument),
        override_level=RiskLevel.EXTREME,
        override_rationale="He bought a gun last week.",
    )
    assert assessment.computed_level == RiskLevel.NONE and assessment.final_level == RiskLevel.EXTREME
    assert assessment.next_review_on == Country.objects.get(code="tt").today() + datetime.timedelta(days=3)


def test_override_after_seeing_the_result(cast, case, instrument):
    first = assess(cast, case, instrument, all_answers(instrument))
    assert first.final_level == RiskLevel.NONE and first.next_review_on is None
    services.assessment_override(actor=cast["caseworker"], assessment=first, level=RiskLevel.HIGH, rationale="Fear.")
    case.refresh_from_db()
    assert case.risk_level == RiskLevel.HIGH
    assert case.next_risk_review_on == Country.objects.get(code="tt").today() + datetime.timedelta(days=7)
    with pytest.raises(ValidationError):  # once per assessment
        services.assessment_override(
            actor=cast["caseworker"], assessment=first, level=RiskLevel.EXTREME, rationale="More."
        )
    second = assess(cast, case, instrument, all_answers(instrument), lowering_reason="She moved to a shelter abroad.")
    first.refresh_from_db()
    first.override_level = None  # pretend it had none, to test "latest only"
    with pytest.raises(ValidationError):
        services.assessment_override(actor=cast["caseworker"], assessment=first, level=4, rationale="Late.")
    assert second.final_level == RiskLevel.NONE


def test_instrument_not_for_the_country_or_retired_is_refused(cast, case):
    other = publish_test_instrument(code="OTHER-RF", jurisdictions=["az"])
    with pytest.raises(ValidationError) as error:
        assess(cast, case, other, all_answers(other))
    assert "instrument" in error.value.message_dict
    retired = publish_test_instrument(code="OLD-RF", status="retired")
    with pytest.raises(ValidationError):
        assess(cast, case, retired, all_answers(retired))


def test_only_agencies_that_may_edit_the_case_can_assess(cast, case, instrument):
    for name in ("caseworker_other_agency", "caseworker_other_district"):
        with pytest.raises(PermissionDenied):
            services.assessment_create(
                actor=cast[name], case=case, instrument=instrument, answers=all_answers(instrument), source="records"
            )


# ---- instrument versions -----------------------------------------------------------------------------------------


def test_published_versions_are_immutable(cast, instrument):
    assert instrument.status == InstrumentStatus.ACTIVE and instrument.published_at is not None
    # Loading the same content again is a no-op; changed content under the same version is refused.
    again, created = services.instrument_publish(data=default_definition(), source="test", actor=None)
    assert again.pk == instrument.pk and not created
    changed = default_definition()
    changed["bands"][1]["max_score"] = 5
    changed["bands"][2]["min_score"] = 6
    with pytest.raises(services.InstrumentConflict):
        services.instrument_publish(data=changed, source="test", actor=None)
    instrument.refresh_from_db()
    assert instrument.definition["bands"][1]["max_score"] == 6
    # The model refuses too, whatever path the change takes; retiring is the one allowed change.
    instrument.method = "weighted"
    with pytest.raises(ValidationError):
        instrument.save()
    instrument.refresh_from_db()
    with pytest.raises(ValidationError):
        instrument.delete()
    services.instrument_set_status(actor=cast["system_admin"], instrument=instrument, status="retired")
    assert InstrumentVersion.objects.get(pk=instrument.pk).status == InstrumentStatus.RETIRED
    with pytest.raises(ValidationError):
        services.instrument_set_status(actor=cast["system_admin"], instrument=instrument, status="draft")
    # The edit goes in as a new version; both stay.
    changed["version"] = "1.1.0"
    new, created = services.instrument_publish(data=changed, source="test", actor=cast["system_admin"])
    assert created and new.pk != instrument.pk
    assert InstrumentVersion.objects.filter(code="TEST-RF").count() == 2


def test_a_draft_may_be_replaced(cast):
    draft = publish_test_instrument(status="draft")
    changed = default_definition(status="draft")
    changed["max_unknown"] = 2
    replaced, created = services.instrument_publish(data=changed, source="upload", actor=cast["system_admin"])
    assert replaced.pk == draft.pk and not created and replaced.parsed.max_unknown == 2


def test_invalid_definitions_name_every_problem():
    data = default_definition()
    data["items"][0]["text"].pop("en")  # English is the fallback of every language: required
    data["items"][1]["text"]["Azeri"] = "…"  # a language goes by its ISO 639 code
    data["items"][2]["risk_factor"] = "BAD"
    data["jurisdictions"] = "tt"
    data["version"] = 1.0
    with pytest.raises(DefinitionInvalid) as error:
        services.instrument_publish(data=data, source="test", actor=None)
    paths = {problem.path for problem in error.value.problems}
    assert {"items.0.text.en", "items.1.text.Azeri", "items.2.risk_factor", "jurisdictions", "version"} <= paths
    assert not InstrumentVersion.objects.exists()


# ---- flags on a new incident -------------------------------------------------------------------------------------


def _days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def test_escalation_is_raised_by_the_third_incident_in_twelve_months(cast, case):
    first = record_incident(cast, case, occurred_at=_days_ago(300), reported_at=_days_ago(299))
    second = record_incident(cast, case, occurred_at=_days_ago(100), reported_at=_days_ago(99))
    third = record_incident(cast, case, occurred_at=_days_ago(5), reported_at=_days_ago(4))
    assert not first.is_escalation and not second.is_escalation
    assert third.is_escalation and third.flag_rules_version == "TT-RISK-1"


def test_incidents_outside_the_window_do_not_escalate(cast, case):
    record_incident(cast, case, occurred_at=_days_ago(500), reported_at=_days_ago(499))
    record_incident(cast, case, occurred_at=_days_ago(400), reported_at=_days_ago(399))
    third = record_incident(cast, case, occurred_at=_days_ago(5), reported_at=_days_ago(4))
    assert not third.is_escalation and not third.is_repeat


def test_repeat_within_twelve_months_of_the_last_group_referral(cast, case):
    Case.objects.filter(pk=case.pk).update(last_group_referral_on=timezone.localdate() - datetime.timedelta(days=60))
    case.refresh_from_db()
    repeat = record_incident(cast, case)
    assert repeat.is_repeat and repeat.flag_rules_version == "TT-RISK-1"
    Case.objects.filter(pk=case.pk).update(last_group_referral_on=add_months(timezone.localdate(), -13))
    case.refresh_from_db()
    assert not record_incident(cast, case).is_repeat


def test_a_new_incident_makes_a_reassessment_due(cast, case, instrument):
    assess(cast, case, instrument, all_answers(instrument))
    services.assessment_override(actor=cast["caseworker"], assessment=case.assessments.get(), level=1, rationale="x")
    case.refresh_from_db()
    assert case.next_risk_review_on > Country.objects.get(code="tt").today()
    record_incident(cast, case)
    case.refresh_from_db()
    assert case.next_risk_review_on == Country.objects.get(code="tt").today()


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2026, 3, 15), -12, datetime.date(2025, 3, 15)),
        (datetime.date(2026, 1, 10), -1, datetime.date(2025, 12, 10)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_an_instrument_may_leave_out_every_language_but_english():
    data = default_definition()
    for item in data["items"]:
        item["text"] = {"en": item["text"]["en"]}
    data["name"] = {"en": data["name"]["en"], "eo": "Riska kontrolo"}
    version, created = services.instrument_publish(data=data, source="test", actor=None)
    assert created and version.name["eo"] == "Riska kontrolo"
