"""End-to-end in Debian's Chromium: sign-in with TOTP, the interface in four languages, and an agency admin
creating a user who then signs in, changes the initial password and enrols an authenticator app."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from concord.accounts.models import User
from concord.common.testing.factories import TEST_PASSWORD
from concord.common.testing.totp import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, base: str, email: str, password: str, secret: str | None) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    if secret:
        expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
        page.fill("#id_code", totp_code(secret))
        page.locator("main form button[type=submit]").first.click()


def test_sign_in_with_totp(page: Page, live_server, cast, screenshot):
    _sign_in(page, live_server.url, cast["caseworker"].email, TEST_PASSWORD, cast.totp_secrets["caseworker"])
    expect(page.get_by_test_id("home-agency")).to_have_text(cast.agency_a.name_en)
    expect(page.get_by_test_id("home-role")).to_have_text("Caseworker")
    screenshot("home-en")


@pytest.mark.parametrize("language", ["az", "ru", "sq"])
def test_navigation_is_translated(language, page: Page, live_server, cast, screenshot):
    _sign_in(page, live_server.url, cast["agency_admin"].email, TEST_PASSWORD, cast.totp_secrets["agency_admin"])
    expect(page.get_by_test_id("home-role")).to_be_visible()
    with page.expect_navigation():
        page.select_option("#language-select", language)
    with translation.override(language):
        home, users, role = (
            translation.gettext("Home"),
            translation.gettext("Users"),
            translation.gettext("Agency administrator"),
        )
    assert home != "Home" and users != "Users"
    nav = page.locator("#main-nav")
    expect(nav.get_by_role("link", name=home, exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name=users, exact=True)).to_be_visible()
    expect(page.get_by_test_id("home-role")).to_have_text(role)
    expect(page.locator("html")).to_have_attribute("lang", language)
    screenshot(f"home-{language}")
    page.get_by_role("link", name=users, exact=True).click()
    screenshot(f"users-{language}")
    assert User.objects.get(pk=cast["agency_admin"].pk).language == language


def test_agency_admin_creates_a_user_who_then_signs_in(page: Page, live_server, cast, screenshot, settings):
    admin = cast["agency_admin"]
    _sign_in(page, live_server.url, admin.email, TEST_PASSWORD, cast.totp_secrets["agency_admin"])
    page.locator("#main-nav").get_by_role("link", name="Users").click()
    page.get_by_role("link", name="New user").click()
    if "/reauthenticate/" in page.url:
        page.fill("#id_password", TEST_PASSWORD)
        page.locator("main form button[type=submit]").click()
    page.fill("#id_email", "leyla.quliyeva@example.org")
    page.fill("#id_full_name", "Leyla Quliyeva")
    page.select_option("#id_role", "caseworker")
    page.fill("#id_password1", "initial-passphrase-2026")
    page.fill("#id_password2", "initial-passphrase-2026")
    screenshot("create-form")
    page.get_by_role("button", name="Create user").click()
    expect(page.locator(".alert-success")).to_be_visible()
    screenshot("created")

    page.context.clear_cookies()
    _sign_in(page, live_server.url, "leyla.quliyeva@example.org", "initial-passphrase-2026", None)
    expect(page).to_have_url(re.compile(r"/accounts/password/change/"))
    page.fill("#id_oldpassword", "initial-passphrase-2026")
    page.fill("#id_password1", "her-own-passphrase-77")
    page.fill("#id_password2", "her-own-passphrase-77")
    page.locator("main form button[type=submit]").click()
    # Her role sees case data, so enrolment in an authenticator app comes next.
    page.goto(f"{live_server.url}/")
    # allauth asks for the password again before a second factor is added.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    page.fill("#id_password", "her-own-passphrase-77")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    secret = page.get_by_test_id("totp-secret").input_value()
    screenshot("enrol")
    page.fill("#id_code", totp_code(secret))
    page.locator("main form button[type=submit]").click()
    page.goto(f"{live_server.url}/")
    expect(page.get_by_test_id("home-agency")).to_have_text(cast.agency_a.name_en)
    screenshot("new-user-home")


def test_keyboard_only_sign_in(page: Page, live_server, cast):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator("#id_login")).to_be_focused()  # autofocus: the user can type at once
    page.keyboard.type(cast["caseworker"].email)
    page.keyboard.press("Tab")
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    expect(page.locator("#id_code")).to_be_focused()
    page.keyboard.type(totp_code(cast.totp_secrets["caseworker"]))
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("home-agency")).to_be_visible()
    # The first Tab on a page reaches the skip link, which moves focus past the navigation.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
