from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from concord.accounts.middleware import mfa_enrolment_pending
from concord.accounts.models import ApiToken


class IsStaffWithMfa(BasePermission):
    """Signed in, active, with a membership, and past the password-change and MFA-enrolment gates that the
    HTML interface enforces through middleware."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated or not user.is_active:
            return False
        token = request.auth if isinstance(request.auth, ApiToken) else None
        if token is not None:
            # A read-only token may only read; tokens never manage accounts, tokens or agencies.
            if request.method not in SAFE_METHODS and token.scope != ApiToken.Scope.READ_WRITE:
                return False
        elif user.must_change_password or mfa_enrolment_pending(user):
            return False
        return user.membership is not None


class SessionOnly(BasePermission):
    """For endpoints a person must use themselves (tokens, accounts): never through an API token."""

    def has_permission(self, request, view) -> bool:
        return not isinstance(request.auth, ApiToken)


def capability_permission(*capabilities):
    class HasCapability(IsStaffWithMfa):
        def has_permission(self, request, view) -> bool:
            return super().has_permission(request, view) and any(
                request.user.has_capability(capability) for capability in capabilities
            )

    HasCapability.__name__ = f"Has{'Or'.join(c.name.title().replace('_', '') for c in capabilities)}"
    return HasCapability
