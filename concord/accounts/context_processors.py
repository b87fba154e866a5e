from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from concord.accounts.capabilities import Capability
from concord.accounts.middleware import user_country_code
from concord.countries.languages import offered_languages


def concord(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    capabilities: frozenset = frozenset()
    membership = None
    if user is not None and user.is_authenticated:
        membership = user.membership
        if membership is not None and user.is_active:
            capabilities = membership.capabilities
    return {
        "interface_languages": offered_languages(user_country_code(user)),
        "demo_mode": settings.DEMO_MODE,
        "membership": membership,
        "can": {capability.name.lower(): capability in capabilities for capability in Capability},
        "idle_timeout_minutes": settings.IDLE_TIMEOUT_MINUTES,
    }
