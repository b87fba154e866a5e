import pytest

from concord.cases.choices import CaseNotification
from concord.cases.tests.factories import open_case
from concord.notifications.models import Notification
from concord.risk.choices import RiskNotification

pytestmark = pytest.mark.django_db

URL = "/api/v1/notifications/"


def test_the_api_lists_only_ones_own(cast, client_for):
    case = open_case(cast)
    own = Notification.objects.create(recipient=cast["caseworker"], kind=CaseNotification.CLOSURE_REQUESTED, case=case)
    Notification.objects.create(recipient=cast["caseworker"], kind=RiskNotification.REASSESSMENT_DUE)
    Notification.objects.create(recipient=cast["supervisor"], kind=CaseNotification.PLAN_SUBMITTED)
    response = client_for("caseworker").get(URL)
    assert response.status_code == 200
    body = response.json()
    assert len(body["results"]) == 2 and body["next"] is None
    item = next(row for row in body["results"] if row["id"] == own.pk)
    assert item == {
        "id": own.pk,
        "kind": "closure_requested",
        "kind_label": "Case closure awaits your approval",
        "case": case.pk,
        "created_at": item["created_at"],
        "read_at": None,
    }
    assert {row["case"] for row in body["results"]} == {case.pk, None}


def test_the_api_marks_one_read_and_hides_other_users(cast, client_for):
    own = Notification.objects.create(recipient=cast["caseworker"], kind=RiskNotification.REASSESSMENT_DUE)
    theirs = Notification.objects.create(recipient=cast["supervisor"], kind=RiskNotification.REASSESSMENT_DUE)
    client = client_for("caseworker")
    response = client.post(f"{URL}{own.pk}/read/")
    assert response.status_code == 200 and response.json()["read_at"] is not None
    own.refresh_from_db()
    assert own.read_at is not None
    assert client.get(f"{URL}{theirs.pk}/").status_code == 404
    assert client.post(f"{URL}{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_api_cannot_create_or_change_notifications(cast, client_for):
    own = Notification.objects.create(recipient=cast["caseworker"], kind=RiskNotification.REASSESSMENT_DUE)
    client = client_for("caseworker")
    assert client.post(URL, {"kind": "break_glass"}, content_type="application/json").status_code == 405
    assert client.patch(f"{URL}{own.pk}/", {"read_at": None}, content_type="application/json").status_code == 405
    assert client.delete(f"{URL}{own.pk}/").status_code == 405


def test_the_schema_describes_the_endpoints(cast, client_for):
    schema = client_for("caseworker").get("/api/v1/schema/", {"format": "json"}).json()
    assert {"/api/v1/notifications/", "/api/v1/notifications/{id}/", "/api/v1/notifications/{id}/read/"} <= set(
        schema["paths"]
    )
