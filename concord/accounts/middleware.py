from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation

from concord.countries.clock import country_zone
from concord.countries.languages import first_language, offered_languages

MEMBERSHIP_SESSION_KEY = "concord_membership"


def user_country_code(user) -> str | None:
    """The country of the agency the user acts for, or None (anonymous, or no agency)."""
    agency = user.agency if user is not None and user.is_authenticated else None
    return agency.territory.country_code if agency is not None else None


class UserLanguageMiddleware:
    """Sets the membership the user acts in for this session, and the language: the one they chose last time (kept
    on the account, so it follows them between browsers) if their country offers it, else their country pack's
    default language. Anonymous visitors keep what LocaleMiddleware chose (cookie, browser)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user._chosen_membership_id = request.session.get(MEMBERSHIP_SESSION_KEY)
            country = user_country_code(user)
            offered = [code for code, _name in offered_languages(country)]
            current = translation.get_language()
            language = next(
                (
                    code
                    for code in (user.language, first_language(country), current, offered[0])
                    if code and code in offered
                ),
                settings.LANGUAGE_CODE,
            )
            if language != current:
                translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


def user_time_zone(user) -> zoneinfo.ZoneInfo | None:
    """The zone of the country of the agency the user acts for, or None (no agency, or no pack of its country).
    The memberships are read once per request anyway (roles, capabilities), and the zones are cached."""
    return country_zone(user_country_code(user))


def activate_user_time_zone(user) -> None:
    """Show times in the user's country zone for the rest of the request (CountryTimeZoneMiddleware restores the
    previous zone afterwards). The API's token clients are known only once DRF has authenticated them: its
    authentication class calls this too."""
    zone = user_time_zone(user)
    if zone is not None:
        timezone.activate(zone)


class CountryTimeZoneMiddleware:
    """Every date and time a user sees, in pages and in the API's JSON (DRF renders datetimes in the current
    zone), is in the zone of the user's country; a user without one keeps settings.TIME_ZONE. After
    UserLanguageMiddleware, which sets the membership the user acts in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # override() puts back whatever was active before, also after a zone activated further in (API tokens);
        # with None it is the server's zone until then.
        with timezone.override(user_time_zone(getattr(request, "user", None))):
            return self.get_response(request)


class MfaEnrolmentMiddleware:
    """Sends a user who must change their password, or must enrol a second factor, to do that first.

    The rest of the site stays out of reach until they have: the API refuses them through its permission class.
    """

    # Paths a user in the middle of enrolment still needs.
    # The API answers 403 itself (see api.permissions) rather than redirecting a machine to a form.
    allowed_prefixes = ("/accounts/", "/static/", "/language/", "/api/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith(self.allowed_prefixes):
            return self.get_response(request)
        if user.must_change_password:
            return redirect(f"{reverse('account_change_password')}")
        if mfa_enrolment_pending(user):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def mfa_required_for(user) -> bool:
    """Whether the user must have a second factor: their role needs one, unless they are a demo account on a
    demo system that exempts them."""
    if not user.requires_mfa:
        return False
    demo_exempt = settings.DEMO_MODE and settings.MFA_ENROLMENT == "demo-accounts-exempt"
    return not (demo_exempt and user.is_demo_account)


def mfa_enrolment_pending(user) -> bool:
    return mfa_required_for(user) and not is_mfa_enabled(user)


SESSION_REFRESHED_KEY = "concord_refreshed"


class IdleSessionMiddleware:
    """Pushes a signed-in session's expiry forward (the idle timeout) at most once a SESSION_REFRESH_SECONDS,
    instead of writing the session row on every request: a page view then writes nothing. The timeout is exact
    to within that interval."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated and not session.is_empty():
            now = int(timezone.now().timestamp())
            if now - session.get(SESSION_REFRESHED_KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[SESSION_REFRESHED_KEY] = now  # marks the session modified: saved with a new expiry
        return response
