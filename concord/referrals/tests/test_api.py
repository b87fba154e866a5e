"""/api/v1/ for referrals: the same services and checks as the pages, answers the schema promises."""

import pytest

from concord.cases.tests.factories import open_case
from concord.common.testing.rows import row_counts
from concord.referrals.models import Referral
from concord.referrals.tests.factories import build_scene, send, survivor_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(cast):
    return build_scene(cast)


@pytest.fixture
def case(cast, scene):
    return open_case(cast)


def test_send_accept_attempt_and_complete_through_the_api(cast, scene, case, client_for):
    consent = survivor_consent(cast, case, scene.support)
    body = {"case": case.pk, "service": scene.support_service.pk, "urgency": "urgent", "reason": "Counselling."}
    sender = client_for("caseworker")
    response = sender.post("/api/v1/referrals/", body | {"consent": consent.pk}, content_type="application/json")
    assert response.status_code == 201, response.content
    referral = response.json()
    assert referral["state"] == "sent" and referral["service_type"] == "psychosocial_support"
    receiver = client_for("receiver")
    incoming = receiver.get("/api/v1/referrals/?direction=incoming").json()["results"]
    assert [row["id"] for row in incoming] == [referral["id"]]
    assert receiver.post(f"/api/v1/referrals/{referral['id']}/accept/").json()["state"] == "accepted"
    attempt = {"attempted_at": referral["sent_at"], "channel": "phone", "outcome": "reached"}
    response = receiver.post(f"/api/v1/referrals/{referral['id']}/attempts/", attempt, content_type="application/json")
    assert response.status_code == 201 and len(response.json()["attempts"]) == 1
    response = receiver.post(
        f"/api/v1/referrals/{referral['id']}/complete/",
        {"outcome": "service_provided"},
        content_type="application/json",
    )
    assert response.json()["state"] == "completed"


def test_a_referral_without_a_basis_is_refused_with_a_translated_error_and_writes_nothing(
    cast, scene, case, client_for
):
    body = {"case": case.pk, "service": scene.support_service.pk, "urgency": "urgent", "reason": "Counselling."}
    client = client_for("caseworker")
    client.get("/api/v1/hotlines/")  # the first request of a session records the sign-in
    before = row_counts()
    response = client.post("/api/v1/referrals/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400 and "consent" in response.json()
    assert row_counts() == before


def test_accepting_another_agencys_referral_is_forbidden(cast, scene, case, client_for):
    referral = send(cast, case, scene.support_service)
    response = client_for("caseworker").post(f"/api/v1/referrals/{referral.pk}/accept/")
    assert response.status_code == 403
    assert Referral.objects.get(pk=referral.pk).state == "sent"


def test_the_directory_filters_and_rejects_bad_parameters(cast, scene, client_for):
    client = client_for("caseworker")
    rows = client.get(f"/api/v1/services/?territory={cast.district_b.pk}").json()["results"]
    assert {row["agency_name"] for row in rows} == {"Support Centre A", "Support Centre B", "Shelter"}
    assert client.get("/api/v1/services/?territory=abc").status_code == 400
    assert client.get("/api/v1/services/?territory=999999").status_code == 400
    assert len(client.get("/api/v1/service-types/").json()) == 2
