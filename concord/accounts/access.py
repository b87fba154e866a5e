"""Access helpers shared by every app's views: capability gates."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from concord.accounts.capabilities import Capability
from concord.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind login_required: `user` is a signed-in Concord user."""

    user: User


def capability_required(*capabilities: Capability) -> Callable:
    """The view needs any one of the capabilities; otherwise 403 (which the audit middleware records)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: AuthenticatedRequest, *args, **kwargs) -> HttpResponse:
            if not any(request.user.has_capability(capability) for capability in capabilities):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
