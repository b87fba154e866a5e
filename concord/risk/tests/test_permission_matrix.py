"""Every risk endpoint × every persona, for a case in district A owned by the caseworker's agency (see
concord/cases/tests/test_permission_matrix.py for the relations the personas stand for)."""

import pytest
from django.test import Client
from django.urls import reverse

from concord.cases.tests.factories import open_case
from concord.common.testing.matrix import check, check_anonymous, endpoint, perform
from concord.common.testing.personas import PERSONAS
from concord.risk import services
from concord.risk.tests.factories import all_answers, publish_test_instrument

READERS = {"caseworker", "supervisor", "coordinator"}
CASE_ROLES = READERS | {"caseworker_other_agency", "caseworker_other_district"}
INSTRUMENT_READERS = CASE_ROLES | {"system_admin"}


def _case(cast):
    return cast.extra["case"]


def _assessment(cast):
    return cast.extra["assessment"]


def _instrument(cast):
    return cast.extra["instrument"]


ENDPOINTS = [
    endpoint("case risk tab", lambda c: reverse("risk:case_risk", args=[_case(c).pk]), READERS),
    endpoint("assessment form", lambda c: reverse("risk:assessment_create", args=[_case(c).pk]), READERS),
    endpoint(
        "assessment dependents",
        lambda c: reverse("risk:assessment_dependents", args=[_case(c).pk, "children_in_household"]),
        READERS,
        method="post",
        data=lambda c: {"instrument": _instrument(c).pk, "item_children_in_household": "yes"},
    ),
    endpoint(
        "assessment save",
        lambda c: reverse("risk:assessment_create", args=[_case(c).pk]),
        READERS,
        method="post",
        data=lambda c: (
            {"instrument": _instrument(c).pk, "source": "records"}
            | {f"item_{code}": value for code, value in all_answers(_instrument(c)).items()}
        ),
        ok=frozenset({302}),
    ),
    endpoint(
        "assessment result", lambda c: reverse("risk:assessment_detail", args=[_case(c).pk, _assessment(c).pk]), READERS
    ),
    endpoint(
        "assessment override",
        lambda c: reverse("risk:assessment_override", args=[_case(c).pk, _assessment(c).pk]),
        READERS,
        method="post",
        data=lambda c: {"override_level": 3, "override_rationale": "He has a gun."},
        ok=frozenset({302}),
    ),
    # The scene's assessment lowers nothing: the supervisor of the owning agency reaches the decision and is told
    # that nothing awaits it; everyone else is refused before that.
    endpoint(
        "assessment lowering decision",
        lambda c: reverse("risk:assessment_decide_lowering", args=[_case(c).pk, _assessment(c).pk]),
        {"supervisor"},
        method="post",
        data=lambda c: {"decision": "confirm"},
        ok=frozenset({302}),
    ),
    endpoint("instrument list", lambda c: reverse("risk:instrument_list"), INSTRUMENT_READERS),
    endpoint(
        "instrument detail", lambda c: reverse("risk:instrument_detail", args=[_instrument(c).pk]), INSTRUMENT_READERS
    ),
    endpoint(
        "instrument download",
        lambda c: reverse("risk:instrument_download", args=[_instrument(c).pk]),
        INSTRUMENT_READERS,
    ),
    endpoint("instrument upload", lambda c: reverse("risk:instrument_upload"), {"system_admin"}),
    endpoint(
        "instrument status",
        lambda c: reverse("risk:instrument_set_status", args=[_instrument(c).pk]),
        {"system_admin"},
        method="post",
        data=lambda c: {"status": "retired"},
        ok=frozenset({302}),
    ),
    endpoint("api risk instruments", lambda c: "/api/v1/risk-instruments/", INSTRUMENT_READERS),
    endpoint("api risk instrument", lambda c: f"/api/v1/risk-instruments/{_instrument(c).pk}/", INSTRUMENT_READERS),
    endpoint("api risk assessments", lambda c: "/api/v1/risk-assessments/", CASE_ROLES),
    endpoint("api risk assessment", lambda c: f"/api/v1/risk-assessments/{_assessment(c).pk}/", READERS),
    endpoint(
        "api risk assessment create",
        lambda c: "/api/v1/risk-assessments/",
        READERS,
        method="post",
        data=lambda c: {
            "case": _case(c).pk,
            "instrument": _instrument(c).pk,
            "source": "interview",
            "answers": all_answers(_instrument(c)),
        },
        ok=frozenset({201}),
    ),
    endpoint(
        "api risk assessment lowering decision",
        lambda c: f"/api/v1/risk-assessments/{_assessment(c).pk}/decide-lowering/",
        {"supervisor"},
        method="post",
        data=lambda c: {"confirm": True},
        ok=frozenset({400}),
    ),
    endpoint(
        "api risk assessment override",
        lambda c: f"/api/v1/risk-assessments/{_assessment(c).pk}/override/",
        READERS,
        method="post",
        data=lambda c: {"level": "high", "rationale": "He has a gun."},
    ),
]


@pytest.fixture
def risk_cast(cast):
    case = open_case(cast)
    instrument = publish_test_instrument()
    assessment = services.assessment_create(
        actor=cast["caseworker"], case=case, instrument=instrument, answers=all_answers(instrument), source="both"
    )
    cast.extra = {"case": case, "instrument": instrument, "assessment": assessment}
    return cast


@pytest.mark.parametrize("spec", ENDPOINTS, ids=lambda spec: spec.name)
@pytest.mark.parametrize("persona", list(PERSONAS))
def test_risk_permission_matrix(spec, persona, risk_cast, client_for):
    check(perform(client_for(persona), spec, risk_cast), spec, persona)


@pytest.mark.parametrize("spec", ENDPOINTS, ids=lambda spec: spec.name)
def test_anonymous_is_refused(spec, risk_cast):
    response = perform(Client(), spec, risk_cast)
    check_anonymous(response, spec)


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_assessments_follow_the_case_scope(persona, risk_cast):
    from concord.common.testing.matrix import check_case_scoped_rows
    from concord.risk.models import Assessment

    check_case_scoped_rows(risk_cast[persona])
    visible = Assessment.objects.visible_to(risk_cast[persona]).exists()
    assert visible == (persona in READERS)
