"""Request-wide guarantees: one transaction per write, and no copy of a page left in a cache; timings on demand."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection, transaction
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


class ServerTimingMiddleware:
    """With SERVER_TIMING on, every answer says how long the server took and how much of it was SQL
    (`Server-Timing: app;dur=12.3, db;dur=4.5;desc="7 queries"`): the load benchmark compares the two per page.
    Off by default: timings help an attacker tell cases apart."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.SERVER_TIMING:
            return self.get_response(request)
        spent = {"seconds": 0.0, "queries": 0}

        def timed(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent["seconds"] += time.perf_counter() - started
                spent["queries"] += 1

        started = time.perf_counter()
        with connection.execute_wrapper(timed):
            response = self.get_response(request)
        total = 1000 * (time.perf_counter() - started)
        response["Server-Timing"] = (
            f'app;dur={total:.1f}, db;dur={1000 * spent["seconds"]:.1f};desc="{spent["queries"]} queries"'
        )
        return response
