"""Every protection endpoint × every persona, for a case in district A owned by the caseworker's agency with an
application awaiting a decision, a police ban in force, an injunction under appeal and proceedings after an
incident. Readers of the case read; those who may change it record; the register is open to every case reader,
each seeing their own scope."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from concord.cases.tests.factories import open_case, record_incident
from concord.common.testing.matrix import check, check_anonymous, check_case_scoped_rows, endpoint, perform
from concord.common.testing.personas import PERSONAS
from concord.protection import services
from concord.protection.models import Order
from concord.protection.tests.factories import apply, build_scene, issue, issued_ban, respondent_of, survivor_of

READERS = {"caseworker", "supervisor", "coordinator"}
CASE_READERS = READERS | {"caseworker_other_agency", "caseworker_other_district"}
EVERYONE = set(PERSONAS)
POST_OK = frozenset({302})
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pk(name):
    return lambda c: c.extra[name].pk


def _moment(c, **delta) -> str:
    return (c.extra["now"] + datetime.timedelta(**delta)).isoformat()


def _local(c, **delta) -> str:
    return timezone.localtime(c.extra["now"] + datetime.timedelta(**delta)).strftime("%Y-%m-%dT%H:%M")


def _later() -> str:
    """An extension's end: four months on, within the law's one to six."""
    return (timezone.localdate() + datetime.timedelta(days=160)).isoformat()


def _html(name: str, url_name: str, obj: str, data, allowed=READERS):
    return endpoint(
        name, lambda c: reverse(url_name, args=[c.extra[obj].pk]), allowed, method="post", data=data, ok=POST_OK
    )


def _api(name: str, path: str, obj: str, data, ok=frozenset({200})):
    return endpoint(
        name, lambda c: f"/api/v1/{path.format(pk=c.extra[obj].pk)}", READERS, method="post", data=data, ok=ok
    )


DECISION = lambda c: {"issued": "yes", "decided_at": _local(c), "conditions": ["no_contact"]}  # noqa: E731
BREACH = lambda c: {  # noqa: E731
    "occurred_at": _local(c, minutes=-5), "reported_by_kind": "survivor", "conditions": ["no_contact"],
    "response": "warning",
}  # fmt: skip
APPLICATION = lambda c: {  # noqa: E731
    "measure": c.extra["scene"].ban.pk, "applicant_kind": "survivor", "respondent": respondent_of(c.extra["case"]).pk,
    "protected": [survivor_of(c.extra["case"]).pk], "issuer": c.agency_a.pk, "applied_at": _local(c, minutes=-10),
}  # fmt: skip
PROCEEDING = lambda c: {  # noqa: E731
    "incident": c.extra["incident"].pk, "kind": "criminal", "body": "police",
    "qualification": c.extra["scene"].battery_criminal.pk, "registered_on": timezone.localdate().isoformat(),
}  # fmt: skip
STEP = lambda c: {"stage": "investigation_opened", "on": timezone.localdate().isoformat(), "body": "police"}  # noqa: E731

ENDPOINTS = [
    endpoint(
        "case protection tab", lambda c: reverse("protection:case_protection", args=[c.extra["case"].pk]), READERS
    ),
    endpoint("order form", lambda c: reverse("protection:order_create", args=[c.extra["case"].pk]), READERS),
    _html("order apply", "protection:order_create", "case", APPLICATION),
    endpoint("order page", lambda c: reverse("protection:order_detail", args=[c.extra["ban"].pk]), READERS),
    _html("order decide", "protection:order_decide", "applied", DECISION),
    _html(
        "order extend",
        "protection:order_extend",
        "injunction_in_force",
        lambda c: {"decided_at": _local(c), "ends_on": _later()},
    ),
    _html("order revoke", "protection:order_revoke", "ban", lambda c: {"text": "Revoked by the court."}),
    _html("order appeal", "protection:order_appeal", "ban", lambda c: {"appealed_at": _local(c)}),
    _html(
        "order appeal decision",
        "protection:order_appeal_decide",
        "appealed",
        lambda c: {"outcome": "upheld", "decided_at": _local(c)},
    ),
    _html("order dates", "protection:order_dates", "ban", lambda c: {"served_at": _local(c)}),
    _html(
        "order document",
        "protection:order_document",
        "ban",
        lambda c: {"file": SimpleUploadedFile("order.pdf", PDF, "application/pdf")},
    ),
    _html("breach record", "protection:breach_create", "ban", BREACH),
    endpoint("proceeding form", lambda c: reverse("protection:proceeding_create", args=[c.extra["case"].pk]), READERS),
    _html("proceeding record", "protection:proceeding_create", "case", PROCEEDING),
    endpoint("step form", lambda c: reverse("protection:step_create", args=[c.extra["proceeding"].pk]), READERS),
    _html("step record", "protection:step_create", "proceeding", STEP),
    endpoint("order register", lambda c: reverse("protection:register"), CASE_READERS),
    endpoint("order register export", lambda c: reverse("protection:register_export"), CASE_READERS),
    endpoint("api order types", lambda c: "/api/v1/order-types/", EVERYONE),
    endpoint("api qualifications", lambda c: "/api/v1/qualifications/", EVERYONE),
    endpoint("api orders", lambda c: "/api/v1/orders/", CASE_READERS),
    endpoint("api orders register", lambda c: "/api/v1/orders/?view=all", CASE_READERS),
    endpoint("api order", lambda c: f"/api/v1/orders/{c.extra['ban'].pk}/", READERS),
    endpoint(
        "api order apply",
        lambda c: "/api/v1/orders/",
        READERS,
        method="post",
        ok=frozenset({201}),
        data=lambda c: APPLICATION(c) | {"case": c.extra["case"].pk, "applied_at": _moment(c, minutes=-10)},
    ),  # fmt: skip
    _api(
        "api order decide",
        "orders/{pk}/decide/",
        "applied",
        lambda c: {"issued": True, "decided_at": _moment(c), "conditions": [{"code": "no_contact"}]},
    ),
    _api(
        "api order extend",
        "orders/{pk}/extend/",
        "injunction_in_force",
        lambda c: {"decided_at": _moment(c), "ends_on": _later()},
    ),
    _api("api order revoke", "orders/{pk}/revoke/", "ban", lambda c: {"text": "Revoked by the court."}),
    _api("api order appeal", "orders/{pk}/appeal/", "ban", lambda c: {"appealed_at": _moment(c)}),
    _api(
        "api order appeal decision",
        "orders/{pk}/appeal-decision/",
        "appealed",
        lambda c: {"outcome": "quashed", "decided_at": _moment(c)},
    ),
    _api("api order dates", "orders/{pk}/dates/", "ban", lambda c: {"served_at": _moment(c)}),
    _api(
        "api breach record",
        "orders/{pk}/breaches/",
        "ban",
        lambda c: BREACH(c) | {"occurred_at": _moment(c, minutes=-5)},
        ok=frozenset({201}),
    ),
    endpoint("api proceedings", lambda c: "/api/v1/proceedings/", CASE_READERS),
    endpoint("api proceeding", lambda c: f"/api/v1/proceedings/{c.extra['proceeding'].pk}/", READERS),
    endpoint(
        "api proceeding record",
        lambda c: "/api/v1/proceedings/",
        READERS,
        method="post",
        ok=frozenset({201}),
        data=PROCEEDING,
    ),  # fmt: skip
    _api("api step record", "proceedings/{pk}/steps/", "proceeding", STEP, ok=frozenset({201})),
]


@pytest.fixture
def protection_cast(cast):
    scene = build_scene(cast)
    case = open_case(cast)
    now = timezone.now()
    ban = issued_ban(cast, case, scene)
    appealed = issued_ban(cast, case, scene)
    services.order_appeal(actor=cast["caseworker"], order=appealed, appealed_at=now - datetime.timedelta(minutes=5))
    injunction = issue(
        cast, apply(cast, case, scene.injunction), ends_on=timezone.localdate() + datetime.timedelta(days=40)
    )
    incident = record_incident(cast, case)
    proceeding = services.proceeding_open(
        actor=cast["caseworker"], incident=incident, kind="criminal", body="police",
        qualification=scene.battery_criminal, registered_on=timezone.localdate(),
    )  # fmt: skip
    cast.extra = {
        "scene": scene,
        "case": case,
        "ban": ban,
        "appealed": appealed,
        "applied": apply(cast, case, scene.ban),
        "injunction_in_force": injunction,
        "incident": incident,
        "proceeding": proceeding,
        "now": now,
    }
    return cast


@pytest.mark.parametrize("spec", ENDPOINTS, ids=lambda spec: spec.name)
@pytest.mark.parametrize("persona", sorted(EVERYONE))
def test_protection_permission_matrix(spec, persona, protection_cast, client_for):
    check(perform(client_for(persona), spec, protection_cast), spec, persona)


@pytest.mark.parametrize("spec", ENDPOINTS, ids=lambda spec: spec.name)
def test_anonymous_is_refused(spec, protection_cast):
    check_anonymous(perform(Client(), spec, protection_cast), spec)


@pytest.mark.parametrize("persona", sorted(EVERYONE))
def test_orders_follow_the_case_scope(persona, protection_cast):
    assert check_case_scoped_rows(protection_cast[persona]) >= 0
    assert Order.objects.visible_to(protection_cast[persona]).exists() == (persona in READERS)
