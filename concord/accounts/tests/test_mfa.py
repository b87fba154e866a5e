import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from concord.common.testing.factories import TEST_PASSWORD
from concord.common.testing.totp import totp_code
from concord.conftest import signed_in_client

pytestmark = pytest.mark.django_db


def test_login_asks_for_the_totp_code(cast):
    user = cast["caseworker"]
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("accounts:home")).status_code == 302  # not signed in yet
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    right = client.post(reverse("mfa_authenticate"), {"code": totp_code(cast.totp_secrets["caseworker"])})
    assert right.status_code == 302
    assert client.get(reverse("accounts:home")).status_code == 200


def test_users_without_a_second_factor_must_enrol_before_anything_else(cast):
    user = cast["caseworker"]
    Authenticator.objects.filter(user=user).delete()
    client = signed_in_client(user)
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    assert client.get("/api/v1/me/").status_code == 403
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


@pytest.mark.parametrize(
    ("demo_mode", "enrolment", "demo_account", "exempt"),
    [
        (True, "demo-accounts-exempt", True, True),
        (True, "demo-accounts-exempt", False, False),  # a real account on a demo system still enrols
        (True, "required", True, False),
        (False, "demo-accounts-exempt", True, False),  # outside demo mode nobody is exempt
    ],
)
def test_only_demo_accounts_in_demo_mode_may_skip_enrolment(cast, settings, demo_mode, enrolment, demo_account, exempt):
    settings.DEMO_MODE, settings.MFA_ENROLMENT = demo_mode, enrolment
    user = cast["caseworker"]
    user.is_demo_account = demo_account
    user.save()
    Authenticator.objects.filter(user=user).delete()
    response = signed_in_client(user).get(reverse("accounts:home"))
    assert response.status_code == (200 if exempt else 302)


def test_analysts_may_choose(cast):
    user = cast["analyst"]
    Authenticator.objects.filter(user=user).delete()
    assert signed_in_client(user).get(reverse("accounts:home")).status_code == 200


def test_a_required_second_factor_cannot_be_removed(cast, client_for):
    client = client_for("caseworker")
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=cast["caseworker"], type=Authenticator.Type.TOTP).exists()


def test_new_users_must_change_their_initial_password_first(cast):
    user = cast["caseworker"]
    user.must_change_password = True
    user.save()
    client = signed_in_client(user)
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302 and response["Location"] == reverse("account_change_password")
    changed = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": TEST_PASSWORD,
            "password1": "brand-new-passphrase-99",
            "password2": "brand-new-passphrase-99",
        },
    )
    assert changed.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get(reverse("accounts:home")).status_code == 200


def test_idle_timeout_comes_from_settings(settings):
    assert settings.SESSION_COOKIE_AGE == settings.IDLE_TIMEOUT_MINUTES * 60
    assert not settings.SESSION_SAVE_EVERY_REQUEST


def test_reading_pages_slides_the_idle_timeout_without_writing_the_session_each_time(cast, monkeypatch):
    """The first request saves the session with a new expiry; the next ones within SESSION_REFRESH_SECONDS write
    nothing; after that interval the expiry moves forward again."""
    import datetime

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client = signed_in_client(cast["caseworker"])
    home = reverse("accounts:home")
    assert client.get(home).status_code == 200
    key = client.session.session_key
    first = Session.objects.get(session_key=key).expire_date
    saves = []
    original = Session.save
    monkeypatch.setattr(Session, "save", lambda self, *a, **k: saves.append(1) or original(self, *a, **k))
    for _ in range(3):
        assert client.get(home).status_code == 200
    assert not saves and Session.objects.get(session_key=key).expire_date == first
    later = timezone.now() + datetime.timedelta(minutes=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert client.get(home).status_code == 200
    assert Session.objects.get(session_key=key).expire_date > first


def test_public_sign_up_is_closed(client):
    assert client.get("/accounts/signup/").status_code == 404
    assert client.get("/accounts/email/").status_code == 404
