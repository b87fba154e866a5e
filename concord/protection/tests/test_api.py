"""/api/v1/ for protection orders and proceedings: the same services and checks as the pages; ids from another case
or country are refused; refusals write nothing and answer in the caller's language."""

import datetime

import pytest
from django.utils import timezone

from concord.cases.tests.factories import open_case, record_incident
from concord.common.testing.rows import row_counts
from concord.protection.tests.factories import build_scene, respondent_of, survivor_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(cast):
    return build_scene(cast)


@pytest.fixture
def case(cast, scene):
    return open_case(cast)


def _application(cast, case, scene) -> dict:
    return {
        "case": case.pk,
        "measure": scene.ban.pk,
        "applicant_kind": "survivor",
        "respondent": respondent_of(case).pk,
        "protected": [survivor_of(case).pk],
        "issuer": cast.agency_a.pk,
        "applied_at": (timezone.now() - datetime.timedelta(hours=1)).isoformat(),
    }


def test_apply_decide_breach_and_read_through_the_api(cast, scene, case, client_for):
    client = client_for("caseworker")
    response = client.post("/api/v1/orders/", _application(cast, case, scene), content_type="application/json")
    assert response.status_code == 201, response.content
    order = response.json()
    assert order["status"] == "applied" and order["measure"] == "police_ban" and order["decision_due_at"]
    decision = {
        "issued": True,
        "decided_at": timezone.now().isoformat(),
        "conditions": [{"code": "stay_away", "number": 80}],
    }
    response = client.post(f"/api/v1/orders/{order['id']}/decide/", decision, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "in_force" and response.json()["is_protecting"] is True
    breach = {
        "occurred_at": timezone.now().isoformat(), "reported_by_kind": "police", "conditions": ["stay_away"],
        "response": "detention",
    }  # fmt: skip
    response = client.post(f"/api/v1/orders/{order['id']}/breaches/", breach, content_type="application/json")
    assert response.status_code == 201 and len(response.json()["breaches"]) == 1
    listed = client.get("/api/v1/orders/?view=in_force").json()["results"]
    assert [row["id"] for row in listed] == [order["id"]]
    types = client.get("/api/v1/order-types/").json()
    assert {row["code"] for row in types} == {"police_ban", "injunction", "immediate_protection_order"}


def test_ids_of_another_case_are_refused_and_nothing_is_written(cast, scene, case, client_for):
    other = open_case(cast, given_name="Nigar")
    client = client_for("caseworker")
    before = row_counts()
    for change in (
        {"respondent": respondent_of(other).pk},
        {"protected": [survivor_of(other).pk]},
        {"issuer": cast.agency_b.pk + 10_000},
    ):
        response = client.post(
            "/api/v1/orders/", _application(cast, case, scene) | change, content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="ru",
        )  # fmt: skip
        assert response.status_code == 400, response.content
    assert row_counts() == before


def test_a_duration_outside_the_law_is_refused(cast, scene, case, client_for):
    client = client_for("caseworker")
    body = _application(cast, case, scene) | {"measure": scene.injunction.pk, "issuer": cast.other_agency_a.pk}
    order = client.post("/api/v1/orders/", body, content_type="application/json").json()
    before = row_counts()
    decision = {
        "issued": True, "decided_at": timezone.now().isoformat(), "conditions": [{"code": "no_contact"}],
        "ends_on": (timezone.localdate() + datetime.timedelta(days=400)).isoformat(),
    }  # fmt: skip
    response = client.post(f"/api/v1/orders/{order['id']}/decide/", decision, content_type="application/json")
    assert response.status_code == 400 and "ends_on" in response.json()
    assert row_counts() == before


def test_proceedings_through_the_api(cast, scene, case, client_for):
    incident = record_incident(cast, case, occurred_at=timezone.now() - datetime.timedelta(days=2))
    client = client_for("caseworker")
    body = {
        "incident": incident.pk, "kind": "criminal", "body": "police", "qualification": scene.battery_criminal.pk,
        "registered_on": timezone.localdate().isoformat(),
    }  # fmt: skip
    response = client.post("/api/v1/proceedings/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    proceeding = response.json()
    step = {"stage": "investigation_opened", "on": timezone.localdate().isoformat(), "body": "police"}
    response = client.post(f"/api/v1/proceedings/{proceeding['id']}/steps/", step, content_type="application/json")
    assert response.status_code == 201 and [s["stage"] for s in response.json()["steps"]] == [
        "report_registered", "investigation_opened",
    ]  # fmt: skip
    outsider = client_for("caseworker_other_district")
    assert outsider.post("/api/v1/proceedings/", body, content_type="application/json").status_code == 404


def test_the_api_register_keeps_to_the_case_scope_where_the_page_lists_the_agencys_own_orders(cast, scene, client_for):
    # Police A issues an order in a case of district B it is not involved in.
    other = open_case(cast, actor_name="caseworker_other_district", territory=cast.district_b)
    body = _application(cast, other, scene)
    order = client_for("caseworker_other_district").post("/api/v1/orders/", body, content_type="application/json")
    assert order.status_code == 201, order.content
    issuer = client_for("caseworker")
    page = issuer.get("/orders/?view=all").content.decode()
    assert other.number in page
    listed = issuer.get("/api/v1/orders/?view=all").json()["results"]
    assert order.json()["id"] not in {row["id"] for row in listed}
