"""Every page a user reaches: strict CSP, no inline script or style, no inline event handlers."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style|\sstyle\s*=", re.IGNORECASE)

PAGES = {
    "agency_admin": [
        "accounts:home",
        "accounts:profile",
        "accounts:user_list",
        "accounts:user_create",
        "mfa_index",
        "account_change_password",
    ],
    "system_admin": ["accounts:agency_list", "accounts:agency_create", "territory:territory_list"],
    "auditor": ["audit:audit_log"],
}


@pytest.mark.parametrize(("persona", "name"), [(p, n) for p, names in PAGES.items() for n in names])
def test_pages_keep_to_the_content_security_policy(persona, name, client_for):
    response = client_for(persona).get(reverse(name))
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html)
    assert not INLINE_HANDLER.search(html)
    assert not INLINE_STYLE.search(html)


def test_login_page_is_csp_clean_too(client):
    html = client.get(reverse("account_login")).content.decode()
    assert not INLINE_SCRIPT.search(html) and not INLINE_HANDLER.search(html) and not INLINE_STYLE.search(html)
