"""The programmes API: the whole way through a programme, the provider's narrow answer (no case), ids checked again
on the server, refusals that write nothing, and query counts that do not grow with the rows."""

import datetime

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from concord.cases.tests.factories import open_case
from concord.common.testing.rows import assert_nothing_written, row_counts
from concord.programmes.models import Programme
from concord.programmes.tests.factories import build_programme_scene, enrolled, order_requiring_programme
from concord.protection.tests.factories import respondent_of, survivor_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(cast):
    scene = build_programme_scene(cast)
    Programme.objects.filter(pk=scene.programme.pk).update(capacity=20)
    return scene


def _post(client, path, data):
    return client.post(f"/api/v1/{path}", data, content_type="application/json")


def test_the_way_through_a_programme(cast, scene, client_for):
    case = open_case(cast)
    worker, provider = client_for("caseworker"), client_for("provider")
    requested = _post(
        worker,
        "enrolments/",
        {"case": case.pk, "participant": respondent_of(case).pk, "programme": scene.programme.pk, "basis": "voluntary"},
    )
    assert requested.status_code == 201, requested.content
    pk = requested.json()["id"]
    assert requested.json()["case"] == case.pk and requested.json()["status"] == "requested"
    seen = provider.get(f"/api/v1/enrolments/{pk}/").json()
    assert seen["case"] is None and "Elvin" in seen["person_name"]
    later = (timezone.now() + datetime.timedelta(minutes=1)).isoformat()
    assert _post(provider, f"enrolments/{pk}/enrol/", {"first_contact_at": later}).json()["status"] == "enrolled"
    for minutes in (2, 3, 4):
        held = (timezone.now() + datetime.timedelta(minutes=minutes)).isoformat()
        session = _post(
            provider,
            f"programmes/{scene.programme.pk}/sessions/",
            {"held_at": held, "hours": "1.5", "attendance": [{"enrolment": pk, "presence": "present"}]},
        )
        assert session.status_code == 201, session.content
    sessions = provider.get(f"/api/v1/programmes/{scene.programme.pk}/sessions/").json()
    assert len(sessions) == 3 and sessions[0]["attendance"] == [{"enrolment": pk, "presence": "present"}]
    done = _post(
        provider,
        f"enrolments/{pk}/complete/",
        {"completed_at": (timezone.now() + datetime.timedelta(minutes=5)).isoformat()},
    )
    assert done.status_code == 200 and done.json()["status"] == "completed" and done.json()["present"] == 3
    # The programme's roll lists who is awaiting or attending it; the ended are in the paged list of enrolments.
    assert provider.get(f"/api/v1/programmes/{scene.programme.pk}/enrolments/").json() == []
    listed = provider.get(f"/api/v1/enrolments/?programme={scene.programme.pk}&status=completed").json()["results"]
    assert [row["id"] for row in listed] == [pk] and listed[0]["case"] is None


def test_ids_are_checked_again_and_a_refusal_writes_nothing(cast, scene, client_for):
    case = open_case(cast)
    other = open_case(cast, given_name="Leyla")
    worker, outsider, provider = (client_for(name) for name in ("caseworker", "caseworker_other_district", "provider"))
    before = row_counts()
    for participant in (survivor_of(case).pk, respondent_of(other).pk, 10**9):
        refused = _post(
            worker,
            "enrolments/",
            {"case": case.pk, "participant": participant, "programme": scene.programme.pk, "basis": "voluntary"},
        )
        assert refused.status_code == 400 and "participant" in refused.json()
    refused = _post(
        worker,
        "enrolments/",
        {"case": case.pk, "participant": respondent_of(case).pk, "programme": 10**9, "basis": "voluntary"},
    )
    assert refused.status_code == 400 and "programme" in refused.json()
    refused = _post(
        outsider,
        "enrolments/",
        {"case": case.pk, "participant": respondent_of(case).pk, "programme": scene.programme.pk, "basis": "voluntary"},
    )
    assert refused.status_code == 404
    enrolment = enrolled(cast, other, scene)
    before = row_counts()
    refused = _post(
        provider,
        f"programmes/{scene.programme.pk}/sessions/",
        {
            "held_at": timezone.now().isoformat(),
            "hours": "2.0",
            "attendance": [{"enrolment": enrolment.pk, "presence": "present"}] * 2,
        },
    )
    assert refused.status_code == 400
    assert_nothing_written(before)


def test_an_order_requirement_reaches_the_provider_and_the_lists_stay_flat(cast, scene, client_for):
    cases = [open_case(cast, given_name=f"Name{n}") for n in range(4)]
    order_requiring_programme(cast, cases[0], scene)
    provider, worker = client_for("provider"), client_for("caseworker")
    with CaptureQueriesContext(connection) as one:
        first = provider.get("/api/v1/enrolments/").json()
    assert len(first["results"]) == 1 and first["results"][0]["basis"] == "protection_order"
    assert first["results"][0]["case"] is None
    with TestCase.captureOnCommitCallbacks(execute=True):
        for case in cases[1:]:
            order_requiring_programme(cast, case, scene)
    with CaptureQueriesContext(connection) as four:
        listed = provider.get("/api/v1/enrolments/").json()
    assert len(listed["results"]) == 4 and len(four) == len(one)
    own = worker.get("/api/v1/enrolments/").json()
    assert len(own["results"]) == 4 and {row["case"] for row in own["results"]} == {case.pk for case in cases}
