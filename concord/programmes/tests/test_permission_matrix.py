"""Every programmes endpoint × every persona, plus the provider's staff (a caseworker and a supervisor of the social
protection office that runs the programme). A case in district A, owned by the caseworker's agency, has an
alleged perpetrator awaiting the programme, one attending it, one who attended the three sessions completion needs,
and one whose order awaits the choice of a programme. The case's readers read and its editors request, choose and
withdraw; the provider reads the enrolments of its programme and records them, and never reaches the case."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from concord.cases.tests.factories import open_case
from concord.common.testing.matrix import check, check_anonymous, check_case_scoped_rows, endpoint, perform
from concord.common.testing.personas import PERSONAS
from concord.programmes.choices import EnrolmentStatus
from concord.programmes.models import Enrolment, Programme
from concord.programmes.tests.factories import (
    PROVIDER_PERSONAS,
    build_programme_scene,
    enrolled,
    hold_session,
    request_enrolment,
)
from concord.protection.tests.factories import respondent_of

READERS = {"caseworker", "supervisor", "coordinator"}
CASE_READERS = READERS | {"caseworker_other_agency", "caseworker_other_district"}
PROVIDERS = set(PROVIDER_PERSONAS)
DIRECTORY = CASE_READERS | PROVIDERS
EVERYONE = set(PERSONAS) | PROVIDERS
POST_OK = frozenset({302})


def _local(c, **delta) -> str:
    return timezone.localtime(c.extra["now"] + datetime.timedelta(**delta)).strftime("%Y-%m-%dT%H:%M")


def _moment(c, **delta) -> str:
    return (c.extra["now"] + datetime.timedelta(**delta)).isoformat()


def _html(name: str, url_name: str, obj: str, data, allowed):
    return endpoint(
        name, lambda c: reverse(url_name, args=[c.extra[obj].pk]), allowed, method="post", data=data, ok=POST_OK
    )


def _api(name: str, path: str, obj: str, data, allowed, ok=frozenset({200})):
    return endpoint(
        name, lambda c: f"/api/v1/{path.format(pk=c.extra[obj].pk)}", allowed, method="post", data=data, ok=ok
    )


def _sheet(c) -> dict:
    marks = {f"presence_{e.pk}": "present" for e in (c.extra["attending"], c.extra["done"])}
    return {"held_at": _local(c, minutes=-30), "hours": "2", "topic": "Anger"} | marks


PROGRAMME = {"name": "Weekend group", "sessions": 4, "hours": 8, "capacity": 6, "curriculum": ""}
LEAVE = lambda c: {"status": "dropped_out", "reason": "absences", "left_at": _local(c)}  # noqa: E731
REQUEST = lambda c: {  # noqa: E731
    "participant": c.extra["second_perpetrator"].pk, "programme": c.extra["scene"].programme.pk, "basis": "referral",
}  # fmt: skip

ENDPOINTS = [
    endpoint(
        "case programmes tab", lambda c: reverse("programmes:case_programmes", args=[c.extra["case"].pk]), READERS
    ),
    _html("enrolment request", "programmes:enrolment_request", "case", REQUEST, READERS),
    endpoint("programme list", lambda c: reverse("programmes:programme_list"), DIRECTORY),
    endpoint(
        "programme page", lambda c: reverse("programmes:programme_detail", args=[c.extra["programme"].pk]), DIRECTORY
    ),
    endpoint("programme form", lambda c: reverse("programmes:programme_create"), {"provider_supervisor"}),
    endpoint(
        "programme create",
        lambda c: reverse("programmes:programme_create"),
        {"provider_supervisor"},
        method="post",
        ok=POST_OK,
        data=lambda c: PROGRAMME | {"programme_type": c.extra["scene"].programme_type.pk},
    ),  # fmt: skip
    endpoint(
        "programme edit form",
        lambda c: reverse("programmes:programme_edit", args=[c.extra["programme"].pk]),
        {"provider_supervisor"},
    ),  # fmt: skip
    _html(
        "programme edit",
        "programmes:programme_edit",
        "programme",
        lambda c: PROGRAMME | {"capacity": 9},
        {"provider_supervisor"},
    ),
    endpoint(
        "session sheet", lambda c: reverse("programmes:session_create", args=[c.extra["programme"].pk]), PROVIDERS
    ),
    _html("session record", "programmes:session_create", "programme", _sheet, PROVIDERS),
    endpoint(
        "attendance sheet pdf",
        lambda c: reverse("programmes:attendance_sheet_pdf", args=[c.extra["programme"].pk]),
        PROVIDERS,
    ),
    endpoint(
        "enrolment page",
        lambda c: reverse("programmes:enrolment_detail", args=[c.extra["requested"].pk]),
        READERS | PROVIDERS,
    ),  # fmt: skip
    _html(
        "enrolment choose",
        "programmes:enrolment_choose",
        "awaiting",
        lambda c: {"programme": c.extra["programme"].pk},
        READERS,
    ),
    _html("enrolment withdraw", "programmes:enrolment_withdraw", "requested", lambda c: {"text": "In error."}, READERS),
    _html(
        "enrolment enrol",
        "programmes:enrolment_enrol",
        "requested",
        lambda c: {"first_contact_at": _local(c, minutes=2)},
        PROVIDERS,
    ),
    _html(
        "enrolment decline", "programmes:enrolment_decline", "requested", lambda c: {"reason": "no_place"}, PROVIDERS
    ),
    _html(
        "enrolment complete", "programmes:enrolment_complete", "done", lambda c: {"completed_at": _local(c)}, PROVIDERS
    ),
    _html("enrolment leave", "programmes:enrolment_leave", "attending", LEAVE, PROVIDERS),
    endpoint("api programme types", lambda c: "/api/v1/programme-types/", EVERYONE),
    endpoint("api programmes", lambda c: "/api/v1/programmes/", DIRECTORY),
    endpoint("api programme", lambda c: f"/api/v1/programmes/{c.extra['programme'].pk}/", DIRECTORY),
    endpoint(
        "api programme create",
        lambda c: "/api/v1/programmes/",
        {"provider_supervisor"},
        method="post",
        ok=frozenset({201}),
        data=lambda c: PROGRAMME | {"programme_type": c.extra["scene"].programme_type.pk},
    ),  # fmt: skip
    endpoint(
        "api programme update",
        lambda c: f"/api/v1/programmes/{c.extra['programme'].pk}/",
        {"provider_supervisor"},
        method="put",
        data=lambda c: PROGRAMME | {"is_active": True},
    ),  # fmt: skip
    endpoint("api programme sessions", lambda c: f"/api/v1/programmes/{c.extra['programme'].pk}/sessions/", PROVIDERS),
    _api(
        "api session record",
        "programmes/{pk}/sessions/",
        "programme",
        lambda c: {
            "held_at": _moment(c, minutes=-30),
            "hours": "2.0",
            "attendance": [{"enrolment": c.extra["attending"].pk, "presence": "absent"}],
        },
        PROVIDERS,
        ok=frozenset({201}),
    ),  # fmt: skip
    endpoint(
        "api programme enrolments", lambda c: f"/api/v1/programmes/{c.extra['programme'].pk}/enrolments/", PROVIDERS
    ),
    endpoint("api enrolments", lambda c: "/api/v1/enrolments/", CASE_READERS | PROVIDERS),
    endpoint("api enrolment", lambda c: f"/api/v1/enrolments/{c.extra['requested'].pk}/", READERS | PROVIDERS),
    endpoint(
        "api enrolment request",
        lambda c: "/api/v1/enrolments/",
        READERS,
        method="post",
        ok=frozenset({201}),
        data=lambda c: REQUEST(c) | {"case": c.extra["case"].pk},
    ),  # fmt: skip
    _api(
        "api enrolment choose",
        "enrolments/{pk}/choose/",
        "awaiting",
        lambda c: {"programme": c.extra["programme"].pk},
        READERS,
    ),
    _api("api enrolment withdraw", "enrolments/{pk}/withdraw/", "requested", lambda c: {"text": "In error."}, READERS),
    _api(
        "api enrolment enrol",
        "enrolments/{pk}/enrol/",
        "requested",
        lambda c: {"first_contact_at": _moment(c, minutes=1)},
        PROVIDERS,
    ),
    _api(
        "api enrolment decline",
        "enrolments/{pk}/decline/",
        "requested",
        lambda c: {"reason": "not_eligible"},
        PROVIDERS,
    ),
    _api(
        "api enrolment complete", "enrolments/{pk}/complete/", "done", lambda c: {"completed_at": _moment(c)}, PROVIDERS
    ),
    _api(
        "api enrolment leave",
        "enrolments/{pk}/leave/",
        "attending",
        lambda c: LEAVE(c) | {"left_at": _moment(c), "status": "excluded"},
        PROVIDERS,
    ),  # fmt: skip
]


@pytest.fixture
def programmes_cast(cast):
    scene = build_programme_scene(cast)
    Programme.objects.filter(pk=scene.programme.pk).update(capacity=10)
    scene.programme.refresh_from_db()
    case = open_case(cast)
    others = [open_case(cast, given_name=name) for name in ("Leyla", "Nigar", "Sevinc")]
    attending = enrolled(cast, others[0], scene)
    done = enrolled(cast, others[1], scene)
    for days_ago in (4, 3, 2):
        hold_session(cast, scene, {attending.pk: "present", done.pk: "present"}, days_ago=days_ago)
    requested = request_enrolment(cast, case, scene)
    # A second perpetrator of the case, for a new request.
    from concord.cases.choices import ParticipantRole, Relationship
    from concord.cases.services import participant_add
    from concord.people.services import person_create

    brother = person_create(agency=cast.agency_a, given_name="Rauf", family_name="Məmmədov", sex="male")
    second = participant_add(
        actor=cast["caseworker"], case=case, person=brother, role=ParticipantRole.ALLEGED_PERPETRATOR,
        relationship=Relationship.SIBLING_IN_LAW,
    )  # fmt: skip
    awaiting = Enrolment.objects.create(
        case=others[2], participant=respondent_of(others[2]), territory=others[2].territory,
        programme_type=scene.programme_type, rules_version="2020", basis="protection_order", imposed_by="injunction",
        required_at=timezone.now(), first_contact_due_at=timezone.now() + datetime.timedelta(days=5),
        status=EnrolmentStatus.AWAITING_PROGRAMME,
    )  # fmt: skip
    cast.extra = {
        "scene": scene,
        "programme": scene.programme,
        "case": case,
        "second_perpetrator": second,
        "requested": requested,
        "attending": attending,
        "done": done,
        "awaiting": awaiting,
        "now": timezone.now(),
    }
    return cast


@pytest.mark.parametrize("spec", ENDPOINTS, ids=lambda spec: spec.name)
@pytest.mark.parametrize("persona", sorted(EVERYONE))
def test_programmes_permission_matrix(spec, persona, programmes_cast, client_for):
    check(perform(client_for(persona), spec, programmes_cast), spec, persona)


@pytest.mark.parametrize("spec", ENDPOINTS, ids=lambda spec: spec.name)
def test_anonymous_is_refused(spec, programmes_cast):
    check_anonymous(perform(Client(), spec, programmes_cast), spec)


@pytest.mark.parametrize("persona", sorted(EVERYONE))
def test_enrolments_follow_the_case_scope(persona, programmes_cast):
    assert check_case_scoped_rows(programmes_cast[persona]) >= 0
    assert Enrolment.objects.visible_to(programmes_cast[persona]).exists() == (persona in READERS)
