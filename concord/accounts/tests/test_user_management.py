import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import translation

from concord.accounts.choices import Role
from concord.accounts.models import Membership, User
from concord.audit.choices import AuditAction
from concord.audit.models import AuditEvent
from concord.conftest import signed_in_client

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-long-initial-passphrase-42"


def _create_payload(**overrides):
    return {
        "email": "new.worker@example.org",
        "full_name": "Nigar Həsənova",
        "phone": "+994 50 111 22 33",
        "language": "az",
        "role": Role.CASEWORKER,
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    } | overrides


def test_agency_admin_creates_a_user_in_their_own_agency(cast, client_for):
    response = client_for("agency_admin").post(reverse("accounts:user_create"), _create_payload())
    user = User.objects.get(email="new.worker@example.org")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:user_detail", args=[user.pk])
    membership = Membership.objects.get(user=user)
    assert membership.agency == cast.agency_a and membership.role == Role.CASEWORKER
    assert user.must_change_password and user.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action=AuditAction.USER_CREATED)
    assert event.actor == cast["agency_admin"] and event.object_id == str(user.pk)
    assert "Nigar" not in str(event.details) and "new.worker" not in str(event.details)


def test_agency_admin_cannot_grant_system_admin(cast, client_for):
    response = client_for("agency_admin").post(reverse("accounts:user_create"), _create_payload(role=Role.SYSTEM_ADMIN))
    assert response.status_code == 400
    assert not User.objects.filter(email="new.worker@example.org").exists()


def test_jurisdiction_outside_the_agency_territory_is_refused(cast, client_for):
    response = client_for("agency_admin").post(
        reverse("accounts:user_create"), _create_payload(role=Role.COORDINATOR, jurisdiction=[cast.district_b.pk])
    )
    assert response.status_code == 400 and "jurisdiction" in response.context["form"].errors
    assert not User.objects.filter(email="new.worker@example.org").exists()


def test_duplicate_email_gets_a_translated_error_and_nothing_is_saved(cast, client_for):
    client = client_for("agency_admin")
    before = User.objects.count()
    response = client.post(
        reverse("accounts:user_create"), _create_payload(email=cast["caseworker"].email), HTTP_ACCEPT_LANGUAGE="az"
    )
    english = "A user with this e-mail address already exists."
    with translation.override("az"):
        azerbaijani = translation.gettext(english)
    assert User.objects.count() == before
    assert azerbaijani != english
    page = response.content.decode()
    assert azerbaijani in page and english not in page


def test_weak_and_mismatched_passwords_are_refused(cast, client_for):
    client = client_for("agency_admin")
    weak = client.post(reverse("accounts:user_create"), _create_payload(password1="12345", password2="12345"))
    assert "password1" in weak.context["form"].errors
    mismatch = client.post(reverse("accounts:user_create"), _create_payload(password2="something-else-entirely"))
    assert "password2" in mismatch.context["form"].errors
    assert not User.objects.filter(email="new.worker@example.org").exists()


def test_deactivation_ends_the_users_sessions_and_is_audited(cast, client_for):
    target = cast["supervisor"]
    victim_client = signed_in_client(target)
    assert victim_client.get(reverse("accounts:home")).status_code == 200
    response = client_for("agency_admin").post(reverse("accounts:user_set_active", args=[target.pk]), {"active": "0"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_active
    assert victim_client.get(reverse("accounts:home")).status_code == 302
    assert not any(s.get_decoded().get("_auth_user_id") == str(target.pk) for s in Session.objects.all())
    assert AuditEvent.objects.filter(action=AuditAction.USER_DEACTIVATED, object_id=str(target.pk)).exists()


def test_admins_cannot_deactivate_themselves(cast, client_for):
    admin = cast["agency_admin"]
    client_for("agency_admin").post(reverse("accounts:user_set_active", args=[admin.pk]), {"active": "0"})
    admin.refresh_from_db()
    assert admin.is_active


def test_role_change_is_audited_as_a_membership_update(cast, client_for):
    target = cast["caseworker"]
    response = client_for("agency_admin").post(
        reverse("accounts:user_detail", args=[target.pk]),
        {"full_name": target.full_name, "phone": "", "language": "", "role": Role.SUPERVISOR},
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=target).role == Role.SUPERVISOR
    event = AuditEvent.objects.get(action=AuditAction.MEMBERSHIP_UPDATED)
    assert event.details["role"] == [Role.CASEWORKER, Role.SUPERVISOR]


def test_sensitive_actions_need_a_recent_password(cast):
    client = signed_in_client(cast["agency_admin"], recently_authenticated=False)
    response = client.get(reverse("accounts:user_create"))
    assert response.status_code == 302 and "reauthenticate" in response["Location"]


def test_user_list_shows_only_the_admins_agency(cast, client_for):
    response = client_for("agency_admin").get(reverse("accounts:user_list"))
    emails = {user.email for user in response.context["page"]}
    assert cast["caseworker"].email in emails
    assert cast["caseworker_other_district"].email not in emails
    assert cast["caseworker_other_agency"].email not in emails


def test_api_creates_and_deactivates_users(cast, client_for):
    client = client_for("agency_admin")
    payload = {
        "email": "api.user@example.org",
        "full_name": "Api User",
        "role": "caseworker",
        "password": NEW_PASSWORD,
    }
    created = client.post("/api/v1/users/", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["memberships"][0]["agency"] == cast.agency_a.code
    duplicate = client.post("/api/v1/users/", payload, content_type="application/json")
    assert duplicate.status_code == 400 and "email" in duplicate.json()
    pk = created.json()["id"]
    assert client.post(f"/api/v1/users/{pk}/deactivate/").json()["is_active"] is False
    other = client_for("agency_admin_other_district")
    assert other.get(f"/api/v1/users/{pk}/").status_code == 404


def test_language_choice_is_remembered_on_the_account(cast, client_for):
    client = client_for("caseworker")
    response = client.post(reverse("accounts:set_language"), {"language": "sq", "next": "/profile/"})
    assert response.status_code == 302 and response["Location"] == "/profile/"
    cast["caseworker"].refresh_from_db()
    assert cast["caseworker"].language == "sq"
    page = signed_in_client(cast["caseworker"]).get(reverse("accounts:home"))
    assert page.content.decode().count('lang="sq"') >= 1


def test_language_switch_refuses_foreign_redirects(client):
    response = client.post(reverse("accounts:set_language"), {"language": "ru", "next": "https://evil.example/"})
    assert response["Location"] == "/"
