"""Pathways: applied once per case, rule and event, by the version in force, naming it on the referral; waiting
for consent where the rule needs it; proposals to the monitoring group; the two protection-order triggers."""

import datetime

import pytest
from django.test import TestCase
from django.utils import timezone

from concord.cases.extension import CaseEvent, emit
from concord.cases.models import Case
from concord.cases.tests.factories import open_case, record_incident
from concord.notifications.models import Notification
from concord.referrals.choices import FiringOutcome
from concord.referrals.models import GroupProposal, PathwayFiring, Referral
from concord.referrals.pathways import incidents_pathways, on_assessment
from concord.referrals.tests.factories import add_pathway, build_scene, survivor_consent

pytestmark = pytest.mark.django_db
JUSTIFICATION = {"en": "Children live in the household; child protection must be informed."}


@pytest.fixture
def scene(cast):
    scene = build_scene(cast)
    add_pathway(
        "police-incident-support", "incident_recorded", conditions={"agency_kind": "police"},
        target_kind="victim_support_centre", service_code="psychosocial_support", urgency="urgent", basis="consent",
    )  # fmt: skip
    add_pathway(
        "children-shelter", "child_in_household", target_kind="shelter", service_code="safe_accommodation",
        urgency="emergency", basis="child_protection", justification=JUSTIFICATION,
    )  # fmt: skip
    add_pathway("high-risk-group", "assessment_level", action="propose_to_group", conditions={"min_level": 3})
    return scene


@pytest.fixture
def case(cast, scene):
    return open_case(cast)


def test_a_police_incident_with_children_makes_the_two_pathway_referrals(cast, scene, case):
    survivor_consent(cast, case, scene.support)
    record_incident(cast, case, children_present=True)
    referrals = {r.pathway.code: r for r in Referral.objects.filter(case=case).select_related("pathway")}
    assert set(referrals) == {"police-incident-support", "children-shelter"}
    support, shelter = referrals["police-incident-support"], referrals["children-shelter"]
    assert support.to_agency == scene.support and support.consent is not None and support.urgency == "urgent"
    assert shelter.to_agency == scene.shelter_agency and shelter.legal_exception == "child_protection"
    assert shelter.justification == JUSTIFICATION["en"] and shelter.urgency == "emergency"
    assert shelter.pathway.version == "1"
    assert Notification.objects.filter(recipient=cast["caseworker"], kind="pathway_applied").count() == 2


def test_a_pathway_is_applied_once_per_case_rule_and_event(cast, scene, case):
    survivor_consent(cast, case, scene.support)
    incident = record_incident(cast, case)
    assert Referral.objects.filter(case=case).count() == 1
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert incidents_pathways(incident, cast["caseworker"]) == []
    assert PathwayFiring.objects.filter(case=case).count() == 1
    # A second incident is another event, but the rule's referral is still open: no second referral.
    record_incident(cast, case)
    assert Referral.objects.filter(case=case).count() == 1
    assert PathwayFiring.objects.filter(case=case, outcome=FiringOutcome.ALREADY_OPEN).count() == 1


def test_without_the_consent_the_rule_needs_the_pathway_waits_for_it(cast, scene, case):
    record_incident(cast, case)
    assert not Referral.objects.filter(case=case).exists()
    firing = PathwayFiring.objects.get(case=case)
    assert firing.outcome == FiringOutcome.AWAITING_CONSENT and firing.actor == cast["caseworker"]


def test_an_incident_recorded_by_another_kind_of_agency_does_not_fire_the_police_rule(cast, scene, case):
    from concord.accounts.models import Agency

    health = Agency.objects.get(code="TT-DA-HEALTH")
    survivor_consent(cast, case, scene.support)
    record_incident(cast, case, reporting_agency=health)
    assert not PathwayFiring.objects.filter(case=case).exists()


def test_the_version_in_force_today_is_applied(cast, scene, case):
    from concord.referrals.models import PathwayRule

    today = timezone.localdate()
    PathwayRule.objects.filter(code="police-incident-support").update(effective_to=today - datetime.timedelta(days=1))
    add_pathway(
        "police-incident-support", "incident_recorded", version="2", effective_from=today,
        conditions={"agency_kind": "police"}, target_kind="victim_support_centre",
        service_code="psychosocial_support", urgency="emergency", basis="consent",
    )  # fmt: skip
    add_pathway(
        "future-rule", "incident_recorded", effective_from=today + datetime.timedelta(days=30),
        target_kind="shelter", service_code="safe_accommodation", urgency="routine", basis="imminent_risk",
        justification={"en": "x" * 30},
    )  # fmt: skip
    survivor_consent(cast, case, scene.support)
    record_incident(cast, case)
    referral = Referral.objects.select_related("pathway").get(case=case)
    assert (referral.pathway.version, referral.urgency) == ("2", "emergency")


def test_high_risk_proposes_the_case_to_the_monitoring_group_once_while_pending(cast, scene, case):
    Case.objects.filter(pk=case.pk).update(risk_level=2)
    on_assessment(case_id=case.pk, object_id=1, actor_id=cast["caseworker"].pk)
    assert not GroupProposal.objects.exists()
    Case.objects.filter(pk=case.pk).update(risk_level=3)
    on_assessment(case_id=case.pk, object_id=2, actor_id=cast["caseworker"].pk)
    on_assessment(case_id=case.pk, object_id=2, actor_id=cast["caseworker"].pk)
    on_assessment(case_id=case.pk, object_id=3, actor_id=cast["caseworker"].pk)
    assert GroupProposal.objects.filter(case=case).count() == 1
    outcomes = sorted(PathwayFiring.objects.filter(case=case).values_list("outcome", flat=True))
    assert outcomes == [FiringOutcome.ALREADY_OPEN, FiringOutcome.PROPOSED_TO_GROUP]


def test_the_protection_order_triggers(cast, scene, case):
    add_pathway(
        "order-support", "order_issued", target_kind="victim_support_centre", service_code="psychosocial_support",
        urgency="urgent", basis="consent",
    )  # fmt: skip
    survivor_consent(cast, case, scene.support)
    with TestCase.captureOnCommitCallbacks(execute=True):
        emit(CaseEvent.ORDER_ISSUED, case_id=case.pk, object_id=77, actor_id=cast["caseworker"].pk)
    firing = PathwayFiring.objects.get(case=case, rule__code="order-support")
    assert firing.event_key == "order_issued:77" and firing.referral is not None
