import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from concord.accounts.models import ApiToken
from concord.audit.choices import AuditAction
from concord.audit.models import AuditEvent
from concord.cases.tests.factories import open_case, set_time_zone

pytestmark = pytest.mark.django_db


def _create(client_for, scope="read", name="Police register"):
    response = client_for("agency_admin").post(reverse("accounts:api_token_list"), {"name": name, "scope": scope})
    assert response.status_code == 200
    key = response.context["new_key"]
    assert key and key in response.content.decode()
    return ApiToken.objects.get(name=name), key


def _api(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def test_a_token_sees_what_its_agency_sees(cast, client_for):
    mine = open_case(cast)
    theirs = open_case(cast, territory=cast.district_b, actor_name="caseworker_other_district")
    token, key = _create(client_for)
    assert token.key_hash != key and key not in str(ApiToken.objects.values().get())
    numbers = [row["number"] for row in _api(key).get("/api/v1/cases/").json()["results"]]
    assert numbers == [mine.number]
    assert _api(key).get(f"/api/v1/cases/{theirs.pk}/").status_code == 404
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert AuditEvent.objects.filter(action=AuditAction.API_TOKEN_CREATED, actor=cast["agency_admin"]).exists()


def test_read_tokens_cannot_write_and_no_token_manages_accounts(cast, client_for):
    case = open_case(cast)
    _read, read_key = _create(client_for, scope="read", name="Statistics feed")
    _write, write_key = _create(client_for, scope="read_write", name="Shelter system")
    note = {"case": case.pk, "text": "From the shelter system"}
    assert _api(read_key).post("/api/v1/notes/", note, content_type="application/json").status_code == 403
    assert _api(write_key).post("/api/v1/notes/", note, content_type="application/json").status_code == 201
    for key in (read_key, write_key):
        assert _api(key).get("/api/v1/users/").status_code == 403
        assert _api(key).get("/api/v1/api-tokens/").status_code == 403


def test_revoked_and_wrong_keys_are_refused(cast, client_for):
    token, key = _create(client_for)
    assert _api(key[:-1] + ("A" if key[-1] != "A" else "B")).get("/api/v1/cases/").status_code == 401
    response = client_for("agency_admin").post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    assert _api(key).get("/api/v1/cases/").status_code == 401
    assert AuditEvent.objects.filter(action=AuditAction.API_TOKEN_REVOKED).exists()


def test_tokens_belong_to_one_agency(cast, client_for):
    token, _key = _create(client_for)
    other = client_for("agency_admin_other_district")
    assert other.post(reverse("accounts:api_token_revoke", args=[token.pk])).status_code == 404
    assert token.name not in other.get(reverse("accounts:api_token_list")).content.decode()
    assert client_for("caseworker").get(reverse("accounts:api_token_list")).status_code == 403


def test_tokens_through_the_api_show_the_key_once(cast, client_for):
    client = client_for("agency_admin")
    created = client.post("/api/v1/api-tokens/", {"name": "Hotline", "scope": "read"}, content_type="application/json")
    assert created.status_code == 201 and len(created.json()["key"]) > 30
    listed = client.get("/api/v1/api-tokens/").json()["results"]
    assert listed[0]["name"] == "Hotline" and "key" not in listed[0]
    revoked = client.post(f"/api/v1/api-tokens/{created.json()['id']}/revoke/")
    assert revoked.json()["revoked_at"]


def test_service_accounts_cannot_sign_in(cast, client_for):
    token, _key = _create(client_for)
    account = token.service_account
    assert not account.has_usable_password() and account.is_service_account
    response = Client().post(reverse("account_login"), {"login": account.email, "password": ""})
    assert "_auth_user_id" not in Client().session
    assert response.status_code == 200


def test_a_token_client_gets_times_in_its_agencys_country_zone(cast, client_for):
    set_time_zone("tt", "Pacific/Auckland")
    case = open_case(cast, opened_at=datetime.datetime(2026, 6, 15, 8, 30, tzinfo=datetime.UTC))
    _token, key = _create(client_for)
    assert _api(key).get(f"/api/v1/cases/{case.pk}/").json()["opened_at"] == "2026-06-15T20:30:00+12:00"
    assert timezone.get_current_timezone_name() == settings.TIME_ZONE  # nothing stays active after the request
