"""allauth adapters: no public sign-up, and error messages that live in Concord's own catalogues, so that they
are translated into all four interface languages (allauth itself ships no Albanian)."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("This account is inactive. Ask your agency administrator."),
        "email_password_mismatch": _("The e-mail address or the password is not correct."),
        "enter_current_password": _("Please type your current password."),
        "incorrect_code": _("Incorrect code."),
        "incorrect_password": _("Incorrect password."),
        "invalid_login": _("Invalid login."),
        "invalid_password_reset": _("The password reset link is invalid or has expired."),
        "too_many_login_attempts": _("Too many failed login attempts. Try again later."),
        "rate_limited": _("Too many requests. Please wait a moment and try again."),
        "same_as_current": _("The new value must be different from the current one."),
    }

    def is_open_for_signup(self, request) -> bool:
        # Staff accounts are created by agency administrators only.
        return False

    def get_login_redirect_url(self, request) -> str:
        user = request.user
        if getattr(user, "must_change_password", False):
            return "/accounts/password/change/"
        return super().get_login_redirect_url(request)


class MfaAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _("Your role requires two-factor authentication, so it cannot be deactivated."),
        "cannot_generate_recovery_codes": _("Activate an authenticator app before generating recovery codes."),
        "incorrect_code": _("Incorrect code."),
    }

    def can_delete_authenticator(self, authenticator) -> bool:
        from concord.accounts.middleware import mfa_required_for

        if mfa_required_for(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)

    def get_totp_label(self, user) -> str:
        return user.email


def axes_username(request, credentials: dict | None) -> str:
    """The account a login attempt was aimed at, for django-axes. allauth authenticates with `email=` while its
    form posts `login`, so axes' own lookup finds neither and would count every failure against an empty name,
    locking everyone behind the same address. Lower-cased, as accounts are."""
    for source in (credentials or {}, getattr(request, "POST", {}) or {}):
        for key in ("email", "login", "username"):
            value = source.get(key)
            if value:
                return str(value).strip().lower()
    return ""
