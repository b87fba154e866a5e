from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from concord.accounts.capabilities import Capability


def concord(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    capabilities: frozenset = frozenset()
    membership = None
    if user is not None and user.is_authenticated:
        membership = user.membership
        if membership is not None and user.is_active:
            capabilities = membership.capabilities
    return {
        "demo_mode": settings.DEMO_MODE,
        "membership": membership,
        "can": {capability.name.lower(): capability in capabilities for capability in Capability},
        "idle_timeout_minutes": settings.IDLE_TIMEOUT_MINUTES,
    }
