"""Request-wide guarantees: one transaction per write, and no copy of a page left in a cache."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class WriteTransactionMiddleware:
    """Runs every writing request (POST, PUT, PATCH, DELETE) in one transaction, rolled back when the answer is an
    error (4xx or 5xx): a refused request leaves nothing half-written, whichever services it called before the
    refusal. Reads run outside a transaction, so a page view holds no lock while it renders.

    It is the innermost middleware: the transaction spans the view and nothing else, and the refusal is audited
    by AuditMiddleware outside it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in SAFE_METHODS:
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            if response.status_code >= 400:
                transaction.set_rollback(True)
        return response


class NoStoreMiddleware:
    """Every dynamic response may carry personal data (a case page, an API answer, a form echoing what was typed),
    so none may be kept by the browser or a proxy. Static files are served before this runs and stay cacheable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_cache_control(response, no_store=True, private=True)
        return response
