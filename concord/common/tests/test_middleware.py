import pytest
from django.urls import reverse

from concord.audit.choices import AuditAction
from concord.audit.models import AuditEvent
from concord.cases.tests.factories import open_case
from concord.common.testing.rows import row_counts

pytestmark = pytest.mark.django_db


def test_a_refusal_is_audited_for_pages_and_the_api(cast, client_for):
    client_for("caseworker").get(reverse("accounts:user_list"))
    client_for("analyst").post("/api/v1/notes/", {"case": 1, "text": "x"}, content_type="application/json")
    events = AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED).order_by("pk")
    assert [(e.actor, e.details["path_name"], e.details["method"]) for e in events] == [
        (cast["caseworker"], "accounts:user_list", "GET"),
        (cast["analyst"], "note-list", "POST"),
    ]
    assert all(e.ip_address == "127.0.0.1" for e in events)


def test_a_refused_write_keeps_its_audit_event_and_nothing_else(cast, client_for):
    case = open_case(cast)
    client = client_for("agency_admin")
    before = row_counts()
    response = client.post(reverse("cases:note_create", args=[case.pk]), {"text": "Not mine to write"})
    assert response.status_code == 403
    after = row_counts()
    changed = {table: after[table] - before[table] for table in after if after[table] != before[table]}
    assert changed == {"audit_auditevent": 1}


@pytest.mark.parametrize("path", ["case", "api", "login"])
def test_dynamic_responses_are_never_stored(path, cast, client_for, client):
    case = open_case(cast)
    url = {
        "case": reverse("cases:case_detail", args=[case.pk]),
        "api": f"/api/v1/cases/{case.pk}/",
        "login": reverse("account_login"),
    }[path]
    response = (client if path == "login" else client_for("caseworker")).get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_server_timing_is_off_unless_asked_for(cast, client_for, settings):
    client = client_for("caseworker")
    assert "Server-Timing" not in client.get(reverse("cases:case_list"))
    settings.SERVER_TIMING = True
    header = client.get(reverse("cases:case_list"))["Server-Timing"]
    app, db = header.split(", ")
    total = float(app.removeprefix("app;dur="))
    sql, queries = db.removeprefix("db;dur=").split(';desc="')
    assert 0 < float(sql) <= total and int(queries.split()[0]) > 3


def test_the_health_check_answers_without_a_login_and_writes_nothing(client, django_assert_max_num_queries):
    before = row_counts()
    with django_assert_max_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert row_counts() == before
