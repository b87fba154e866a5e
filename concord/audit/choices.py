from django.db import models
from django.utils.translation import gettext_lazy as _

from concord.common.registry import CodeRegistry


class AuditAction(models.TextChoices):
    """The platform's own audit codes; apps add theirs through concord.audit.actions (e.g. cases, risk)."""

    LOGIN = "login", _("Logged in")
    LOGOUT = "logout", _("Logged out")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOCKED_OUT = "locked_out", _("Locked out after failed logins")
    MFA_ACTIVATED = "mfa_activated", _("Second factor activated")
    MFA_DEACTIVATED = "mfa_deactivated", _("Second factor removed")
    RECOVERY_CODES_GENERATED = "recovery_codes_generated", _("Recovery codes generated")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    USER_CREATED = "user_created", _("User created")
    USER_UPDATED = "user_updated", _("User updated")
    USER_DEACTIVATED = "user_deactivated", _("User deactivated")
    USER_REACTIVATED = "user_reactivated", _("User reactivated")
    MEMBERSHIP_CREATED = "membership_created", _("Membership created")
    MEMBERSHIP_UPDATED = "membership_updated", _("Membership updated")
    AGENCY_CREATED = "agency_created", _("Agency created")
    AGENCY_UPDATED = "agency_updated", _("Agency updated")
    TERRITORY_UPDATED = "territory_updated", _("Territory updated")
    COUNTRY_PACK_LOADED = "country_pack_loaded", _("Country pack loaded")
    KEYS_ROTATED = "keys_rotated", _("Encryption keys rotated")
    ACCESS_DENIED = "access_denied", _("Access denied")
    API_TOKEN_CREATED = "api_token_created", _("API token created")
    API_TOKEN_REVOKED = "api_token_revoked", _("API token revoked")


# Every code an audit event may carry: the platform's, and those apps register in their AppConfig.ready().
audit_actions = CodeRegistry("audit action")
