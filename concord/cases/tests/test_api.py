import datetime

import pytest

from concord.audit.models import AuditEvent
from concord.cases import services
from concord.cases.choices import CaseAuditAction
from concord.cases.models import Case
from concord.cases.tests.factories import ensure_country, open_case, other_country, record_incident, set_time_zone
from concord.conftest import signed_in_client

pytestmark = pytest.mark.django_db


def test_api_opens_a_case_with_the_same_services(cast, client_for):
    ensure_country()
    response = client_for("caseworker").post(
        "/api/v1/cases/",
        {
            "territory": "TT-DA",
            "survivor": {
                "given_name": "Sevda",
                "family_name": "Hüseynova",
                "birth_date": "1988-04-04",
                "sex": "female",
            },
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    case = Case.objects.get(pk=response.json()["id"])
    assert case.owning_agency == cast.agency_a and response.json()["number"].startswith("TT-DA-")
    bad = client_for("caseworker").post(
        "/api/v1/cases/",
        {"territory": "TT-DA", "survivor": {"given_name": "X", "birth_date": "2999-01-01", "sex": "female"}},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "birth_date" in bad.json()
    assert Case.objects.count() == 1


def test_api_lists_only_visible_cases_and_masks_sensitive_fields(cast, client_for):
    case = open_case(cast, address="5 Fizuli Street")
    record_incident(cast, case, narrative="He broke her arm.")
    open_case(cast, territory=cast.district_b, actor_name="caseworker_other_district")
    services.case_share(
        actor=cast["caseworker"],
        case=case,
        agency=cast.other_agency_a,
        legal_exception="child_protection",
        justification="Two children in the flat; mandatory child-protection report.",
    )
    other = client_for("caseworker_other_agency")
    cases = other.get("/api/v1/cases/").json()["results"]
    assert [c["id"] for c in cases] == [case.pk]
    incidents = other.get("/api/v1/incidents/").json()["results"]
    assert incidents[0]["narrative"] is None and incidents[0]["gbvims_type"] == "physical_assault"
    survivor = next(
        p for p in other.get(f"/api/v1/participants/?case={case.pk}").json()["results"] if p["role"] == "survivor"
    )
    assert survivor["person"]["address"] is None and survivor["person"]["given_name"] == "Aysel"
    owner = client_for("caseworker").get("/api/v1/incidents/").json()["results"]
    assert owner[0]["narrative"] == "He broke her arm."


def test_api_reads_are_audited(cast, client_for):
    case = open_case(cast)
    client_for("caseworker").get(f"/api/v1/cases/{case.pk}/")
    person = case.participants.first().person
    client_for("caseworker").get(f"/api/v1/persons/{person.pk}/")
    assert AuditEvent.objects.filter(
        action=CaseAuditAction.CASE_VIEWED, case_id=case.pk, details__section="api"
    ).exists()
    assert AuditEvent.objects.filter(action=CaseAuditAction.PERSON_VIEWED, object_id=str(person.pk)).exists()


def test_api_out_of_scope_objects_are_404(cast, client_for):
    case = open_case(cast, territory=cast.district_b, actor_name="caseworker_other_district")
    client = client_for("caseworker")
    assert client.get(f"/api/v1/cases/{case.pk}/").status_code == 404
    assert (
        client.post("/api/v1/notes/", {"case": case.pk, "text": "x"}, content_type="application/json").status_code
        == 404
    )
    assert client.get(f"/api/v1/persons/{case.participants.first().person_id}/").status_code == 404


def test_openapi_schema_describes_the_case_resources(cast, client_for):
    schema = client_for("caseworker").get("/api/v1/schema/").content.decode()
    for path in ("/api/v1/cases/", "/api/v1/incidents/", "/api/v1/consents/", "/api/v1/attachments/"):
        assert path in schema


def test_api_times_are_in_the_zone_of_the_users_country(cast, client_for):
    set_time_zone("tt", "Pacific/Auckland")
    bogota = other_country("uu", "America/Bogota")
    moment = datetime.datetime(2026, 6, 15, 8, 30, tzinfo=datetime.UTC)
    here = open_case(cast, opened_at=moment)
    there = open_case(cast, actor=bogota.caseworker, territory=bogota.district, opened_at=moment)
    mine = client_for("caseworker").get(f"/api/v1/cases/{here.pk}/").json()
    theirs = signed_in_client(bogota.caseworker).get(f"/api/v1/cases/{there.pk}/").json()
    assert mine["opened_at"] == "2026-06-15T20:30:00+12:00"
    assert theirs["opened_at"] == "2026-06-15T03:30:00-05:00"


def test_lists_are_paged_by_position_without_counting(cast, client_for, django_assert_max_num_queries):
    """Keyset pages: following `next` gives every case once, in the list's order, and no page counts the list."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from concord.cases.models import Involvement

    cases = [open_case(cast) for _ in range(7)]
    # Three opened at the same moment (an import): the id orders them, across page boundaries too.
    for case in cases[2:5]:
        Case.objects.filter(pk=case.pk).update(opened_at=cases[2].opened_at)
        Involvement.objects.filter(case=case).update(case_opened_at=cases[2].opened_at)
        case.refresh_from_db()
    open_case(cast, actor_name="caseworker_other_district", territory=cast.district_b)  # not the reader's
    client = client_for("caseworker")
    seen, pages, url = [], [], "/api/v1/cases/?page_size=2"
    while url:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).json()
        assert "count" not in page and not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
        seen += [row["id"] for row in page["results"]]
        pages.append([row["id"] for row in page["results"]])
        last, url = page, page["next"]
    expected = [case.pk for case in sorted(cases, key=lambda case: (case.opened_at, case.pk), reverse=True)]
    assert seen == expected
    # And back again by the `previous` links, page by page.
    back, url = [], last["previous"]
    while url:
        page = client.get(url).json()
        back.append([row["id"] for row in page["results"]])
        url = page["previous"]
    assert back == pages[-2::-1]
    assert client.get("/api/v1/cases/?cursor=not-a-cursor").status_code == 404


def test_api_moves_a_case_and_refuses_a_district_of_another_country(cast, client_for):
    case = open_case(cast)
    client = client_for("caseworker")
    abroad = other_country().district
    refused = client.post(f"/api/v1/cases/{case.pk}/move/", {"territory": abroad.code}, content_type="application/json")
    assert refused.status_code == 400 and "territory" in refused.json()
    moved = client.post(
        f"/api/v1/cases/{case.pk}/move/", {"territory": cast.district_b.code}, content_type="application/json"
    )
    assert moved.status_code == 200 and moved.json()["territory"] == cast.district_b.code
    assert AuditEvent.objects.filter(action=CaseAuditAction.CASE_MOVED, case_id=case.pk).count() == 1


def test_api_matches_a_person_across_scripts_without_naming_other_agencies_cases(cast, client_for):
    mine = open_case(cast, given_name="Şəbnəm", family_name="Rzayeva", birth_date=datetime.date(1991, 2, 3))
    theirs = open_case(
        cast,
        territory=cast.district_b,
        actor_name="caseworker_other_district",
        given_name="Шабнам",
        family_name="Рзаева",
        birth_date=datetime.date(1991, 2, 3),
    )
    response = client_for("caseworker").post(
        "/api/v1/persons/match/",
        {"given_name": "SHABNAM", "family_name": "RZAYEVA", "birth_date": "1991-02-03"},
        content_type="application/json",
    )
    assert response.status_code == 200
    candidates = response.json()["candidates"]
    assert {(c["band"], tuple(c["cases"]), c["hidden_cases"]) for c in candidates} == {
        ("same", (mine.number,), 0),
        ("same", (), 1),
    }
    # The other agency's person is neither named nor identified.
    assert theirs.number not in response.content.decode()
    assert [c["person"] for c in candidates if not c["cases"]] == [None]
    event = AuditEvent.objects.get(action=CaseAuditAction.PERSONS_MATCHED)
    assert event.details == {"candidates": 2, "same": 2} and event.actor == cast["caseworker"]
    empty = client_for("caseworker").post("/api/v1/persons/match/", {}, content_type="application/json")
    assert empty.status_code == 400


def test_api_searches_cases_by_a_name_in_another_script(cast, client_for):
    mine = open_case(cast, given_name="Айгүл", family_name="Серікбаева")
    open_case(cast, territory=cast.district_b, actor_name="caseworker_other_district", given_name="Aigul",
              family_name="Serikbayeva")  # fmt: skip
    response = client_for("caseworker").post(
        "/api/v1/cases/search/", {"q": "AIGUL SERIKBAYEVA"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert [case["number"] for case in response.json()] == [mine.number]
    assert (
        client_for("caseworker").post("/api/v1/cases/search/", {}, content_type="application/json").status_code == 400
    )
