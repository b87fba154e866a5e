"""GBVIMS classification gaps (DOMAIN.md §2): an act that is none of the six types is still recorded ("not GBV"),
contexts are not exclusive, an uncertain age is read in the child's favour, and the relationship list carries the
GBVIMS perpetrator relationships."""

import datetime

import pytest
from django.utils import timezone

from concord.cases import services
from concord.cases.choices import FAMILY_RELATIONSHIPS, CaseContext, GbvType, ParticipantRole, Relationship, ViolenceAct
from concord.cases.tests.factories import open_case, record_incident
from concord.people.services import person_create

pytestmark = pytest.mark.django_db


def test_an_act_that_is_none_of_the_six_types_is_recorded_as_not_gbv(cast):
    case = open_case(cast)
    incident = record_incident(cast, case, acts=[ViolenceAct.OTHER_HARM])
    assert incident.gbvims_type == GbvType.NOT_GBV


def test_a_married_off_girl_hit_by_her_husband_is_in_both_contexts(cast):
    case = open_case(cast, birth_date=timezone.localdate() - datetime.timedelta(days=17 * 365))
    incident = record_incident(cast, case, acts=[ViolenceAct.FORCED_MARRIAGE, ViolenceAct.HITTING])
    assert incident.gbvims_type == GbvType.PHYSICAL_ASSAULT
    assert set(incident.contexts) == {CaseContext.INTIMATE_PARTNER, CaseContext.CHILD_MARRIAGE}


def test_with_a_birth_year_only_the_age_that_protects_her_is_used(cast):
    """Born in a year that makes her 17 or 18 on the day: she is counted as the child she may still be."""
    today = timezone.localdate()
    case = open_case(cast, birth_date=None, birth_year=today.year - 18)
    now = timezone.now()
    incident = record_incident(
        cast,
        case,
        acts=[ViolenceAct.SEXUAL_TOUCHING],
        occurred_at=now - datetime.timedelta(hours=3),
        reported_at=now - datetime.timedelta(hours=1),
    )
    assert CaseContext.CHILD_SEXUAL_ABUSE in incident.contexts


def test_every_perpetrator_counts_for_the_contexts(cast):
    case = open_case(cast)
    mother_in_law = person_create(agency=cast.agency_a, given_name="Sara", sex="female")
    services.participant_add(
        actor=cast["caseworker"],
        case=case,
        person=mother_in_law,
        role=ParticipantRole.ALLEGED_PERPETRATOR,
        relationship=Relationship.PARENT_IN_LAW,
    )
    incident = record_incident(cast, case)
    assert set(incident.contexts) == {CaseContext.INTIMATE_PARTNER, CaseContext.OTHER_FAMILY}


def test_the_relationships_include_the_gbvims_perpetrator_relationships():
    values = set(Relationship.values)
    assert {"sibling_in_law", "uncle_aunt", "neighbour", "employer", "teacher", "service_provider"} <= values
    assert {Relationship.SIBLING_IN_LAW, Relationship.UNCLE_AUNT} <= FAMILY_RELATIONSHIPS
    assert Relationship.NEIGHBOUR not in FAMILY_RELATIONSHIPS
