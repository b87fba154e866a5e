"""Every referrals endpoint × every persona and the receiving agency's two workers, for a case in district A owned
by the caseworker's agency with two referrals to Support Centre A: one waiting for an answer (sent on a legal
exception), one accepted (on the survivor's consent)."""

import pytest
from django.test import Client
from django.urls import reverse

from concord.cases.tests.factories import open_case
from concord.common.testing.matrix import check, check_anonymous, check_case_scoped_rows, endpoint, perform
from concord.common.testing.personas import PERSONAS
from concord.referrals import services
from concord.referrals.models import AgencyService, Referral
from concord.referrals.tests.factories import build_scene, send

RECEIVERS = {"receiver", "receiver_supervisor"}
SENDERS = {"caseworker", "supervisor"}
READERS = SENDERS | {"coordinator"} | RECEIVERS
EDITORS = {
    "caseworker",
    "supervisor",
    "coordinator",
    "caseworker_other_agency",
    "caseworker_other_district",
} | RECEIVERS
EVERYONE = set(PERSONAS) | RECEIVERS
POST_OK = frozenset({302})
EXCEPTION = {"legal_exception": "imminent_risk", "justification": "He threatened to kill her with his hunting rifle."}


def _case(c):
    return c.extra["case"]


def _waiting(c):
    return c.extra["waiting"].pk


def _accepted(c):
    return c.extra["accepted"].pk


ENDPOINTS = [
    endpoint("case referrals tab", lambda c: reverse("referrals:case_referrals", args=[_case(c).pk]), READERS),
    endpoint("referral form", lambda c: reverse("referrals:referral_create", args=[_case(c).pk]), READERS),
    endpoint(
        "referral service options",
        lambda c: reverse("referrals:referral_service_options", args=[_case(c).pk]) + "?service_type=1",
        READERS,
    ),
    endpoint(
        "referral send",
        lambda c: reverse("referrals:referral_create", args=[_case(c).pk]),
        READERS,
        method="post",
        data=lambda c: (
            {
                "service_type": c.extra["shelter"].service_type_id,
                "service": c.extra["shelter"].pk,
                "urgency": "emergency",
                "reason": "She cannot go home tonight.",
                "shared_sections": ["summary"],
            }
            | EXCEPTION
        ),
        ok=POST_OK,
    ),
    endpoint("referral page", lambda c: reverse("referrals:referral_detail", args=[_waiting(c)]), READERS),
    endpoint(
        "referral accept",
        lambda c: reverse("referrals:referral_accept", args=[_waiting(c)]),
        RECEIVERS,
        method="post",
        ok=POST_OK,
    ),
    endpoint(
        "referral decline",
        lambda c: reverse("referrals:referral_decline", args=[_waiting(c)]),
        RECEIVERS,
        method="post",
        data=lambda c: {"reason": "no_capacity", "text": "No counsellor this month."},
        ok=POST_OK,
    ),
    endpoint(
        "referral complete",
        lambda c: reverse("referrals:referral_complete", args=[_accepted(c)]),
        RECEIVERS,
        method="post",
        data=lambda c: {"outcome": "service_provided"},
        ok=POST_OK,
    ),
    endpoint(
        "referral attempt",
        lambda c: reverse("referrals:referral_attempt", args=[_accepted(c)]),
        RECEIVERS,
        method="post",
        data=lambda c: {"attempted_at": c.extra["now"], "channel": "phone", "outcome": "reached"},
        ok=POST_OK,
    ),
    endpoint(
        "referral revoke",
        lambda c: reverse("referrals:referral_revoke", args=[_waiting(c)]),
        SENDERS,
        method="post",
        data=lambda c: {"reason": "She moved away."},
        ok=POST_OK,
    ),
    endpoint(
        "referral reassign",
        lambda c: reverse("referrals:referral_reassign", args=[_waiting(c)]),
        SENDERS,
        method="post",
        data=lambda c: {"service": c.extra["other_support"].pk, "reason": "Closer to her home."},
        ok=POST_OK,
    ),
    endpoint("incoming referrals", lambda c: reverse("referrals:incoming"), EDITORS),
    endpoint("sent referrals", lambda c: reverse("referrals:outgoing"), EDITORS),
    endpoint("team referrals", lambda c: reverse("referrals:team"), {"supervisor", "receiver_supervisor"}),
    endpoint("territory referrals", lambda c: reverse("referrals:territory"), {"coordinator"}),
    endpoint("services directory", lambda c: reverse("referrals:directory"), EVERYONE),
    endpoint(
        "shelter places",
        lambda c: reverse("referrals:service_places", args=[c.extra["own_shelter"].pk]),
        RECEIVERS,
        method="post",
        data=lambda c: {"places_free": 2},
        ok=POST_OK,
    ),
    endpoint("api service types", lambda c: "/api/v1/service-types/", EVERYONE),
    endpoint("api services", lambda c: "/api/v1/services/", EVERYONE),
    endpoint("api hotlines", lambda c: "/api/v1/hotlines/", EVERYONE),
    endpoint(
        "api shelter places",
        lambda c: f"/api/v1/services/{c.extra['own_shelter'].pk}/places/",
        RECEIVERS,
        method="post",
        data=lambda c: {"places_free": 1},
    ),
    endpoint("api referrals", lambda c: "/api/v1/referrals/", EDITORS),
    endpoint("api referral", lambda c: f"/api/v1/referrals/{_waiting(c)}/", READERS),
    endpoint(
        "api referral send",
        lambda c: "/api/v1/referrals/",
        READERS,
        method="post",
        data=lambda c: (
            {
                "case": _case(c).pk,
                "service": c.extra["shelter"].pk,
                "urgency": "emergency",
                "reason": "She cannot go home tonight.",
            }
            | EXCEPTION
        ),
        ok=frozenset({201}),
    ),
    endpoint("api referral accept", lambda c: f"/api/v1/referrals/{_waiting(c)}/accept/", RECEIVERS, method="post"),
    endpoint(
        "api referral decline",
        lambda c: f"/api/v1/referrals/{_waiting(c)}/decline/",
        RECEIVERS,
        method="post",
        data=lambda c: {"reason": "no_capacity", "text": "No counsellor this month."},
    ),
    endpoint(
        "api referral complete",
        lambda c: f"/api/v1/referrals/{_accepted(c)}/complete/",
        RECEIVERS,
        method="post",
        data=lambda c: {"outcome": "service_provided"},
    ),
    endpoint(
        "api referral attempt",
        lambda c: f"/api/v1/referrals/{_accepted(c)}/attempts/",
        RECEIVERS,
        method="post",
        data=lambda c: {"attempted_at": c.extra["now"], "channel": "phone", "outcome": "not_reached"},
        ok=frozenset({201}),
    ),
    endpoint(
        "api referral revoke",
        lambda c: f"/api/v1/referrals/{_waiting(c)}/revoke/",
        SENDERS,
        method="post",
        data=lambda c: {"reason": "She moved away."},
    ),
    endpoint(
        "api referral reassign",
        lambda c: f"/api/v1/referrals/{_waiting(c)}/reassign/",
        SENDERS,
        method="post",
        data=lambda c: {"service": c.extra["other_support"].pk, "reason": "Closer to her home."},
        ok=frozenset({201}),
    ),
]


@pytest.fixture
def referral_cast(cast):
    scene = build_scene(cast)
    case = open_case(cast)
    waiting = send(cast, case, scene.support_service, **EXCEPTION)
    own_shelter = AgencyService.objects.create(agency=scene.support, service_type=scene.shelter_type, places_total=6)
    own_shelter.areas.set([cast.district_a])
    accepted = send(cast, case, own_shelter)
    services.referral_accept(actor=scene.receiver, referral=accepted)
    now = accepted.sent_at.isoformat()
    cast.extra = {
        "case": case,
        "waiting": waiting,
        "accepted": accepted,
        "shelter": scene.shelter,
        "other_support": scene.other_support,
        "own_shelter": own_shelter,
        "now": now,
    }
    return cast


@pytest.mark.parametrize("spec", ENDPOINTS, ids=lambda spec: spec.name)
@pytest.mark.parametrize("persona", sorted(EVERYONE))
def test_referral_permission_matrix(spec, persona, referral_cast, client_for):
    check(perform(client_for(persona), spec, referral_cast), spec, persona)


@pytest.mark.parametrize("spec", ENDPOINTS, ids=lambda spec: spec.name)
def test_anonymous_is_refused(spec, referral_cast):
    check_anonymous(perform(Client(), spec, referral_cast), spec)


@pytest.mark.parametrize("persona", sorted(EVERYONE))
def test_referrals_follow_the_case_scope(persona, referral_cast):
    check_case_scoped_rows(referral_cast[persona])
    visible = Referral.objects.visible_to(referral_cast[persona]).exists()
    assert visible == (persona in READERS)
