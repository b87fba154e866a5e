from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test import Client
from django.test.testcases import LiveServerThread

from concord.common.testing.personas import Cast, build_cast

# Playwright drives the browser from an asyncio loop in the test thread; the ORM calls tests make around it are
# synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CONCORD_CHROMIUM", "/usr/bin/chromium")
BROWSER_REQUIRED = os.environ.get("CONCORD_BROWSER_TESTS") == "required"
ARTIFACTS = Path(os.environ.get("CONCORD_TEST_ARTIFACTS", "test-artifacts"))


def pytest_collection_modifyitems(config, items) -> None:
    """Browser tests skip where Chromium is missing, unless CI forces them on: then they fail instead."""
    if shutil.which(CHROMIUM) or BROWSER_REQUIRED:
        return
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _require_postgres(django_db_setup, django_db_blocker) -> None:
    if os.environ.get("CONCORD_REQUIRE_POSTGRES") != "1":
        return
    from django.db import connection

    with django_db_blocker.unblock():
        assert connection.vendor == "postgresql", "CONCORD_REQUIRE_POSTGRES=1 but the tests run on " + connection.vendor


class SerialWSGIServer(ThreadedWSGIServer):
    """The live server for an in-memory SQLite database: every server thread is handed the test's one connection, so
    two requests at once (the intake page's duplicate check fires while a step loads) would interleave savepoints on
    it. Requests take turns; connections stay threaded so the browser's keep-alive sockets do not block each other."""

    def set_app(self, application):
        turn = threading.Lock()

        def one_at_a_time(environ, start_response):
            with turn:
                return application(environ, start_response)

        super().set_app(one_at_a_time)


@pytest.fixture(scope="session", autouse=True)
def _serial_live_server_on_memory_sqlite(django_db_setup, django_db_blocker) -> None:
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            LiveServerThread.server_class = SerialWSGIServer


@pytest.fixture(autouse=True)
def _own_audit_files(settings, tmp_path):
    """The audit checkpoints and the verifier's state of each test alone: tests run side by side, and each test's
    seals are rolled back with its database."""
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.jsonl"
    settings.AUDIT_VERIFIED_FILE = tmp_path / "audit-verified.json"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth keeps its login rate limits in the cache: one test's failed logins must not limit the next. The
    countries' time zones are cached per process, and a test's Country rows are rolled back under that cache."""
    from django.core.cache import cache

    from concord.countries.profiles import forget_profiles

    cache.clear()
    forget_profiles()
    yield
    cache.clear()
    forget_profiles()


@pytest.fixture
def cast(db) -> Cast:
    return build_cast()


def signed_in_client(user, *, recently_authenticated: bool = True) -> Client:
    """A client signed in as `user`, as if they had just typed their password (so reauthentication passes)."""
    from concord.accounts.middleware import SESSION_REFRESHED_KEY

    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    # Just saved with a fresh expiry: the next requests do not refresh it (IdleSessionMiddleware), so query counts
    # compare like with like.
    session = client.session
    session[SESSION_REFRESHED_KEY] = int(time.time())
    session.save()
    if recently_authenticated:
        session = client.session
        session["account_authentication_methods"] = [
            {"method": "password", "at": time.time(), "email": user.email, "reauthenticated": True}
        ]
        session["account_authentication_methods_user"] = str(user.pk)
        session.save()
    return client


@pytest.fixture
def client_for(cast):
    cache: dict[str, Client] = {}

    def get(name: str) -> Client:
        if name not in cache:
            cache[name] = signed_in_client(cast[name])
        return cache[name]

    return get


# ---- Playwright in Debian's Chromium --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args():
    return {"viewport": {"width": 1366, "height": 768}, "locale": "en-GB"}


@pytest.fixture
def screenshot(page, request):
    """Saves a full-page screenshot under test-artifacts/ (kept by CI as evidence)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(label: str) -> Path:
        path = ARTIFACTS / f"{request.node.name}-{label}.png".replace("/", "_")
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
