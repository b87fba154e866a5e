from __future__ import annotations

from rest_framework.permissions import BasePermission

from concord.accounts.middleware import mfa_enrolment_pending


class IsStaffWithMfa(BasePermission):
    """Signed in, active, with a membership, and past the password-change and MFA-enrolment gates that the
    HTML interface enforces through middleware."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated or not user.is_active:
            return False
        if user.must_change_password or mfa_enrolment_pending(user):
            return False
        return user.membership is not None


def capability_permission(*capabilities):
    class HasCapability(IsStaffWithMfa):
        def has_permission(self, request, view) -> bool:
            return super().has_permission(request, view) and any(
                request.user.has_capability(capability) for capability in capabilities
            )

    HasCapability.__name__ = f"Has{'Or'.join(c.name.title().replace('_', '') for c in capabilities)}"
    return HasCapability
