from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

MEMBERSHIP_SESSION_KEY = "concord_membership"


class UserLanguageMiddleware:
    """Activates the language the user chose last time (kept on the account, so it follows them between
    browsers), and the membership they act in for this session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if user.language and user.language in dict(settings.LANGUAGES):
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
            user._chosen_membership_id = request.session.get(MEMBERSHIP_SESSION_KEY)
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
