"""Schemathesis over the whole API: generated requests, valid and invalid, must never meet a server error or a
response the published schema does not promise. Examples per operation are bounded so that it runs in CI."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from concord.accounts.tokens import api_token_create
from concord.cases.tests.factories import open_case, record_incident

EXAMPLES = int(os.environ.get("CONCORD_SCHEMATHESIS_EXAMPLES", "15"))
# What the API promises: no server error, and only the statuses, media types, headers and bodies it publishes.
# (Schemathesis' heuristics on how strict validation is, such as taking `?case=0` as valid input because the
# schema says "integer", are left out: a 400 for a case that does not exist is the right answer.)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

# The schema the API publishes at /api/v1/schema/, generated in-process (it needs no database).
schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Schemathesis calls the WSGI application directly, not through Django's test client, which would stop the
    end of each request from closing the database connection and with it the test's transaction (PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token_header(cast) -> dict[str, str]:
    """A read-write token of agency A, and a case of that agency with an incident for the id routes to find."""
    case = open_case(cast)
    record_incident(cast, case)
    _token, key = api_token_create(actor=cast["agency_admin"], agency=cast.agency_a, name="fuzz", scope="read_write")
    return {"Authorization": f"Token {key}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_keeps_its_schema(case, token_header):
    case.call_and_validate(headers=token_header, checks=CHECKS)


@pytest.fixture
def statistics_header(cast) -> dict[str, str]:
    """A statistics token: the analyst's scripts, which reach the statistics' filters and nothing of a case."""
    case = open_case(cast)
    record_incident(cast, case)
    _token, key = api_token_create(
        actor=cast["agency_admin"], agency=cast.agency_a, name="open data", scope="statistics"
    )
    return {"Authorization": f"Token {key}"}


@pytest.mark.django_db
@schema.include(path_regex="^/api/v1/statistics/").parametrize()
@settings(max_examples=EXAMPLES * 4, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_statistics_keep_their_schema_for_an_analyst(case, statistics_header):
    case.call_and_validate(headers=statistics_header, checks=CHECKS)
