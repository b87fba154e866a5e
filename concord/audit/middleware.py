from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from concord.audit import context
from concord.audit.choices import AuditAction
from concord.audit.services import audit_record


class AuditMiddleware:
    """Binds the request's audit context for the services it calls, and records every refusal (403) of a signed-in
    user, HTML and API alike. The refusal is written after the view's transaction has been rolled back, so the
    write that was refused and the record of its refusal are never undone together."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with context.bound(context.from_request(request)):
            response = self.get_response(request)
            user = getattr(request, "user", None)
            if response.status_code == 403 and user is not None and user.is_authenticated:
                match = getattr(request, "resolver_match", None)
                audit_record(
                    action=AuditAction.ACCESS_DENIED,
                    actor=user,
                    details={"path_name": match.view_name if match else "", "method": request.method},
                )
        return response
