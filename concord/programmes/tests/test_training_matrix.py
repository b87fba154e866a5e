"""Every trainings endpoint × every persona. The executive of district A (the coordinator's agency) has a plan with a
training held; whoever runs trainings or reads statistics reads the country's plans, calendar and coverage; only
staff of the plan's agency who run trainings change it and fill in its attendance sheets; any agency's trainer makes
a plan of its own. No case data is involved."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from concord.common.testing.matrix import check, check_anonymous, endpoint, perform
from concord.common.testing.personas import PERSONAS
from concord.programmes import services
from concord.programmes.tests.factories import PROVIDER_PERSONAS, build_programme_scene

EVERYONE = set(PERSONAS) | set(PROVIDER_PERSONAS)
TRAINERS = {"supervisor", "coordinator", "agency_admin", "agency_admin_other_district", "provider_supervisor"}
READERS = TRAINERS | {"analyst"}
OWNER = {"coordinator"}
POST_OK = frozenset({302})
PLAN = {"year": 2026, "audience": "police", "title": "Police 2026", "target_people": 20, "target_sessions": 2}


def _url(name: str, obj: str = ""):
    return lambda c: reverse(f"programmes:{name}", args=[c.extra[obj].pk] if obj else [])


def _sheet(c) -> dict:
    return {
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-name": "Arta Hoxha", "form-0-sex": "female",
        "form-0-attended": "on", "form-0-pre_score": "40", "form-0-post_score": "75",
    }  # fmt: skip


def _session_form(c) -> dict:
    held = timezone.localtime(c.extra["now"] - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    return {"starts_at": held, "hours": "2", "trainer": "Arta Hoxha", "place": "Town hall", "topics": ["Risk"]}


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CAMPAIGN = {
    "title": "16 days", "audiences": ["general_public"], "channels": ["tv"], "starts_on": "2026-11-25",
    "ends_on": "2026-12-10",
}  # fmt: skip


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("sheet.pdf", PDF, "application/pdf")


def ACTIVITY(c) -> dict:  # noqa: N802 - a row's data, as the others
    return {
        "channel": "tv", "title": "Spot", "starts_on": "2026-11-26", "ends_on": "2026-11-27",
        "territory": c.district_a.pk, "reach": 1000,
    }  # fmt: skip


ENDPOINTS = [
    endpoint("training plans", _url("training_plan_list"), READERS),
    endpoint("training plan form", _url("training_plan_create"), TRAINERS),
    endpoint(
        "training plan create",
        _url("training_plan_create"),
        TRAINERS,
        method="post",
        ok=POST_OK,
        data=lambda c: PLAN | {"topics": "Risk\nLaw"},
    ),  # fmt: skip
    endpoint("training plan page", _url("training_plan_detail", "plan"), READERS),
    endpoint("training plan edit form", _url("training_plan_edit", "plan"), OWNER),
    endpoint(
        "training plan edit",
        _url("training_plan_edit", "plan"),
        OWNER,
        method="post",
        ok=POST_OK,
        data=lambda c: PLAN | {"topics": "Risk\nLaw\nReferral"},
    ),  # fmt: skip
    endpoint("training session form", _url("training_session_create", "plan"), OWNER),
    endpoint(
        "training session create",
        _url("training_session_create", "plan"),
        OWNER,
        method="post",
        ok=POST_OK,
        data=_session_form,
    ),  # fmt: skip
    endpoint("training session page", _url("training_session_detail", "session"), READERS),
    endpoint(
        "training attendance sheet",
        _url("training_session_detail", "session"),
        OWNER,
        method="post",
        ok=POST_OK,
        data=_sheet,
    ),  # fmt: skip
    endpoint("training sheet pdf", _url("training_sheet_pdf", "session"), OWNER),
    endpoint("training calendar", _url("training_calendar"), READERS),
    endpoint("training coverage", _url("training_coverage"), READERS),
    endpoint("api training plans", lambda c: "/api/v1/training-plans/", READERS),
    endpoint("api training plan", lambda c: f"/api/v1/training-plans/{c.extra['plan'].pk}/", READERS),
    endpoint("api training plan report", lambda c: f"/api/v1/training-plans/{c.extra['plan'].pk}/report/", READERS),
    endpoint(
        "api training plan create",
        lambda c: "/api/v1/training-plans/",
        TRAINERS,
        method="post",
        ok=frozenset({201}),
        data=lambda c: PLAN | {"topics": ["Risk"]},
    ),  # fmt: skip
    endpoint(
        "api training plan update",
        lambda c: f"/api/v1/training-plans/{c.extra['plan'].pk}/",
        OWNER,
        method="put",
        data=lambda c: PLAN | {"topics": ["Risk", "Law"]},
    ),  # fmt: skip
    endpoint("api training sessions", lambda c: "/api/v1/training-sessions/", READERS),
    endpoint(
        "api training session create",
        lambda c: "/api/v1/training-sessions/",
        OWNER,
        method="post",
        ok=frozenset({201}),
        data=lambda c: _session_form(c) | {"plan": c.extra["plan"].pk, "starts_at": c.extra["held"].isoformat()},
    ),  # fmt: skip
    endpoint("api training trainees", lambda c: f"/api/v1/training-sessions/{c.extra['session'].pk}/trainees/", OWNER),
    endpoint(
        "api training trainees record",
        lambda c: f"/api/v1/training-sessions/{c.extra['session'].pk}/trainees/",
        OWNER,
        method="put",
        data=lambda c: [{"name": "Arta Hoxha", "sex": "female", "pre_score": "40"}],
    ),  # fmt: skip
    endpoint("api training coverage", lambda c: "/api/v1/training-coverage/?months=12", READERS),
    endpoint("library", _url("material_list"), EVERYONE),
    endpoint("library material", _url("material_detail", "material"), EVERYONE),
    endpoint("library download", _url("material_download", "file"), EVERYONE),
    endpoint(
        "library version add",
        _url("material_detail", "material"),
        OWNER,
        method="post",
        ok=POST_OK,
        data=lambda c: {"version": "2", "language": "ru", "file": _pdf()},
    ),  # fmt: skip
    endpoint(
        "library material add",
        _url("material_create"),
        TRAINERS,
        method="post",
        ok=POST_OK,
        data=lambda c: {"kind": "leaflet", "title": "Leaflet", "version": "1", "language": "az", "file": _pdf()},
    ),  # fmt: skip
    endpoint("campaign programmes", _url("campaign_programme_list"), READERS),
    endpoint(
        "campaign programme create",
        _url("campaign_programme_list"),
        TRAINERS,
        method="post",
        ok=POST_OK,
        data=lambda c: {"title": "2027", "starts_on": "2027-01-01", "ends_on": "2027-12-31"},
    ),  # fmt: skip
    endpoint("campaign programme page", _url("campaign_programme_detail", "campaigns"), READERS),
    endpoint(
        "campaign create",
        _url("campaign_programme_detail", "campaigns"),
        OWNER,
        method="post",
        ok=POST_OK,
        data=lambda c: CAMPAIGN,
    ),  # fmt: skip
    endpoint("campaign page", _url("campaign_detail", "campaign"), READERS),
    endpoint(
        "campaign activity",
        _url("campaign_detail", "campaign"),
        OWNER,
        method="post",
        ok=POST_OK,
        data=lambda c: ACTIVITY(c),
    ),  # fmt: skip
    endpoint("api materials", lambda c: "/api/v1/materials/", EVERYONE),
    endpoint("api material", lambda c: f"/api/v1/materials/{c.extra['material'].pk}/", EVERYONE),
    endpoint(
        "api material download",
        lambda c: f"/api/v1/materials/{c.extra['material'].pk}/files/{c.extra['file'].pk}/",
        EVERYONE,
    ),  # fmt: skip
    endpoint(
        "api material create",
        lambda c: "/api/v1/materials/",
        TRAINERS,
        method="post",
        ok=frozenset({201}),
        data=lambda c: {"kind": "leaflet", "title": "Leaflet"},
    ),  # fmt: skip
    endpoint("api campaign programmes", lambda c: "/api/v1/campaign-programmes/", READERS),
    endpoint(
        "api campaign programme create",
        lambda c: "/api/v1/campaign-programmes/",
        TRAINERS,
        method="post",
        ok=frozenset({201}),
        data=lambda c: {"title": "2027", "starts_on": "2027-01-01", "ends_on": "2027-12-31"},
    ),  # fmt: skip
    endpoint("api campaigns", lambda c: "/api/v1/campaigns/", READERS),
    endpoint("api campaign", lambda c: f"/api/v1/campaigns/{c.extra['campaign'].pk}/", READERS),
    endpoint("api campaign reach", lambda c: f"/api/v1/campaigns/{c.extra['campaign'].pk}/reach/", READERS),
    endpoint(
        "api campaign create",
        lambda c: "/api/v1/campaigns/",
        OWNER,
        method="post",
        ok=frozenset({201}),
        data=lambda c: CAMPAIGN | {"programme": c.extra["campaigns"].pk},
    ),  # fmt: skip
    endpoint(
        "api campaign activity",
        lambda c: f"/api/v1/campaigns/{c.extra['campaign'].pk}/activities/",
        OWNER,
        method="post",
        ok=frozenset({201}),
        data=lambda c: ACTIVITY(c) | {"materials": []},
    ),  # fmt: skip
]


@pytest.fixture
def training_cast(cast):
    build_programme_scene(cast)
    now = timezone.now()
    plan = services.training_plan_create(
        actor=cast["coordinator"], year=timezone.localdate().year, audience="group_members", title="Circle 2026",
        topics=["Risk", "Law"], target_people=12, target_sessions=2,
    )  # fmt: skip
    held = now - datetime.timedelta(hours=3)
    if timezone.localtime(held).year != plan.year:
        held = now
    session = services.training_session_record(
        actor=cast["coordinator"], plan=plan, starts_at=held, hours=Decimal(2), trainer="Arta Hoxha", topics=["Risk"],
        place="Town hall",
    )  # fmt: skip
    services.trainees_record(actor=cast["coordinator"], session=session, rows=[{"user": cast["caseworker"].pk}])
    material = services.material_create(actor=cast["coordinator"], kind="handbook", title="Handbook")
    file = services.material_version_add(
        actor=cast["coordinator"], material=material, version="1", language="az", upload=_pdf()
    )
    campaigns = services.campaign_programme_create(
        actor=cast["coordinator"], title="Awareness", starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
    )  # fmt: skip
    campaign = services.campaign_create(
        actor=cast["coordinator"], programme=campaigns, title="Campaign", audiences=["women"], channels=["tv"],
        starts_on=datetime.date(2026, 11, 25), ends_on=datetime.date(2026, 12, 10),
    )  # fmt: skip
    cast.extra = {
        "plan": plan, "session": session, "now": now, "held": held, "material": material, "file": file,
        "campaigns": campaigns, "campaign": campaign,
    }  # fmt: skip
    return cast


@pytest.mark.parametrize("spec", ENDPOINTS, ids=lambda spec: spec.name)
@pytest.mark.parametrize("persona", sorted(EVERYONE))
def test_trainings_permission_matrix(spec, persona, training_cast, client_for):
    check(perform(client_for(persona), spec, training_cast), spec, persona)


@pytest.mark.parametrize("spec", ENDPOINTS, ids=lambda spec: spec.name)
def test_anonymous_is_refused(spec, training_cast):
    check_anonymous(perform(Client(), spec, training_cast), spec)


@pytest.mark.parametrize("persona", sorted(EVERYONE))
def test_uploading_a_file_through_the_api(persona, training_cast, client_for):
    url = f"/api/v1/materials/{training_cast.extra['material'].pk}/versions/"
    response = client_for(persona).post(url, {"version": "2", "language": "ru", "file": _pdf()})
    assert response.status_code == (201 if persona in OWNER else 403), response.status_code


def test_uploading_signed_out_is_refused(training_cast):
    url = f"/api/v1/materials/{training_cast.extra['material'].pk}/versions/"
    assert Client().post(url, {"version": "2", "language": "ru", "file": _pdf()}).status_code == 401
