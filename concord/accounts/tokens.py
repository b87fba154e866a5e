"""API tokens: creation, revocation and the DRF authentication class."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from concord.accounts.capabilities import Capability
from concord.accounts.choices import Role
from concord.accounts.middleware import activate_user_time_zone
from concord.accounts.models import Agency, ApiToken, Membership, User
from concord.audit.choices import AuditAction
from concord.audit.services import audit_record

KEY_PREFIX_LENGTH = 8


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_list_for(actor: User):
    if actor.has_capability(Capability.MANAGE_API_TOKENS) and actor.agency is not None:
        return ApiToken.objects.filter(agency=actor.agency).select_related("created_by")
    return ApiToken.objects.none()


def api_token_get_for(actor: User, pk: int) -> ApiToken:
    from django.http import Http404

    token = api_token_list_for(actor).filter(pk=pk).first()
    if token is None:
        raise Http404
    return token


@transaction.atomic
def api_token_create(*, actor: User, agency: Agency, name: str, scope: str) -> tuple[ApiToken, str]:
    """Create a token and its service account; returns the token and the key, which is never shown again."""
    if not actor.has_capability(Capability.MANAGE_API_TOKENS) or actor.agency != agency:
        raise PermissionDenied
    if not name.strip():
        raise ValidationError({"name": _("Name the system that will use the token.")})
    if scope not in ApiToken.Scope.values:
        raise ValidationError({"scope": _("Unknown scope.")})
    key = secrets.token_urlsafe(32)
    prefix = key[:KEY_PREFIX_LENGTH]
    account = User.objects.create_user(
        email=f"api-{prefix.lower()}-{secrets.token_hex(4)}@service.invalid",
        full_name=f"API: {name.strip()}"[:200],
        is_service_account=True,
    )
    account.set_unusable_password()
    account.save(update_fields=["password"])
    role = Role.ANALYST if scope == ApiToken.Scope.STATISTICS else Role.CASEWORKER
    Membership.objects.create(user=account, agency=agency, role=role)
    token = ApiToken.objects.create(
        agency=agency,
        name=name.strip(),
        scope=scope,
        service_account=account,
        key_prefix=prefix,
        key_hash=_hash(key),
        created_by=actor,
    )
    audit_record(
        action=AuditAction.API_TOKEN_CREATED,
        actor=actor,
        target=token,
        details={"agency": agency.code, "scope": scope, "prefix": prefix},
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if not actor.has_capability(Capability.MANAGE_API_TOKENS) or actor.agency != token.agency:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        User.objects.filter(pk=token.service_account_id).update(is_active=False)
        audit_record(
            action=AuditAction.API_TOKEN_REVOKED,
            actor=actor,
            target=token,
            details={"prefix": token.key_prefix},
        )
    return token


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <key>`. Unknown, revoked and tampered keys are refused alike."""

    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0] != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        key = header[1]
        candidates = ApiToken.objects.filter(key_prefix=key[:KEY_PREFIX_LENGTH], revoked_at__isnull=True)
        for token in candidates.select_related("service_account"):
            if hmac.compare_digest(token.key_hash, _hash(key)) and token.service_account.is_active:
                # Record use at most once a minute: a busy integration must not write on every request.
                now = timezone.now()
                if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
                    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
                # The middleware saw no user for a token: the client's times are in its agency's country zone too.
                activate_user_time_zone(token.service_account)
                return token.service_account, token
        raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))

    def authenticate_header(self, request) -> str:
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Describes the token scheme in the OpenAPI schema (drf-spectacular registers it on import)."""

    target_class = "concord.accounts.tokens.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`, created by your agency administrator under API tokens.",
        }
