"""Every statistics endpoint × every persona: the analyst and the coordinator read numbers; no one else does.
The analyst's absence from every case URL is held by the case core's matrix (the analyst is allowed none)."""

import pytest
from django.urls import reverse

from concord.common.testing.matrix import check, check_anonymous, endpoint, perform
from concord.common.testing.personas import PERSONAS
from concord.protection.tests.factories import build_scene
from concord.stats.models import StatisticsExport

READERS = {"analyst", "coordinator"}
TABLE = "gbvims-incidents-by-type"
SPLIT = "?year_from=2025&by=sex"

ENDPOINTS = [
    endpoint("statistics", lambda c: reverse("stats:indicator_list"), READERS),
    endpoint("indicator table", lambda c: reverse("stats:indicator_table", args=[TABLE]), READERS),
    endpoint("indicator table split", lambda c: reverse("stats:indicator_table", args=[TABLE]) + SPLIT, READERS),
    endpoint("api statistics", lambda c: "/api/v1/statistics/", READERS),
    endpoint("api indicator table", lambda c: f"/api/v1/statistics/{TABLE}/?year_from=2025&by=territory", READERS),
    endpoint("api indicator csv", lambda c: f"/api/v1/statistics/{TABLE}/csv/?year_from=2025", READERS),
    endpoint("compare", lambda c: _with_changes(c, reverse("stats:indicator_compare", args=[TABLE])), READERS),
    endpoint("api legal changes", lambda c: _with_changes(c, "/api/v1/statistics/legal-changes/"), READERS),
    endpoint("api compare", lambda c: _with_changes(c, f"/api/v1/statistics/{TABLE}/compare/?months=6"), READERS),
    endpoint("dashboard", lambda c: reverse("stats:dashboard") + "?year=2025", READERS),
    endpoint("dashboard of a region", lambda c: reverse("stats:dashboard") + f"?territory={c.district_a.parent_id}",
             READERS),
    endpoint("exports", lambda c: reverse("stats:export_list"), READERS),
    endpoint("export request", lambda c: reverse("stats:export_list"), READERS, method="post",
             data=lambda c: {"kind": "table_csv", "indicator": TABLE, "year_from": 2025}, ok=frozenset({302})),
    endpoint("export download", lambda c: reverse("stats:export_download", args=[_made(c).pk]), {"analyst"}),
    endpoint("api exports", lambda c: "/api/v1/statistics/exports/", READERS),
    endpoint("api export request", lambda c: "/api/v1/statistics/exports/", READERS, method="post",
             data=lambda c: {"kind": "table_csv", "indicator": TABLE, "params": {"year_from": "2025"}},
             ok=frozenset({202})),
    endpoint("api export", lambda c: f"/api/v1/statistics/exports/{_made(c).pk}/", {"analyst"}),
    endpoint("api export download", lambda c: f"/api/v1/statistics/exports/{_made(c).pk}/download/", {"analyst"}),
]  # fmt: skip


def _made(cast) -> StatisticsExport:
    """A finished export the analyst asked for: nobody else may see or download it, a coordinator included."""
    return StatisticsExport.objects.create(
        requested_by=cast["analyst"], country_code="tt", kind="table_csv", indicator=TABLE, language="en",
        status="done", progress=100, filename="t.csv", content_type="text/csv", content=b"type,total\n",
    )  # fmt: skip


def _with_changes(cast, url: str) -> str:
    """The protection scene's laws: a criminal article and a new version of the police ban from 2026-01-01."""
    build_scene(cast)
    return url


@pytest.mark.parametrize("spec", ENDPOINTS, ids=lambda spec: spec.name)
@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_statistics_permission_matrix(spec, persona, cast, client_for):
    check(perform(client_for(persona), spec, cast), spec, persona)


@pytest.mark.parametrize("spec", ENDPOINTS, ids=lambda spec: spec.name)
def test_anonymous_is_refused(spec, cast, client):
    check_anonymous(perform(client, spec, cast), spec)
