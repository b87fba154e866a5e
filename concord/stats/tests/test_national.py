"""The statistics' part of the national data set: every generated incident has its fact, derived as the services'
hook derives it."""

from __future__ import annotations

import pytest

from concord.cases.models import Incident
from concord.cases.tests.test_national import national  # noqa: F401 - the generated country, as a fixture
from concord.stats import facts
from concord.stats.models import FactRebuild, IncidentFact, IncidentFactRelationship

pytestmark = pytest.mark.django_db(transaction=False)

COMPARED = ("case_id", "territory_id", "agency_kind", "occurred_on", "gbvims_type", "survivor_age_band", "is_repeat")


def test_every_generated_incident_has_the_fact_the_hook_would_write(national):  # noqa: F811
    generated = Incident.objects.filter(territory__country_code="xq")
    assert IncidentFact.objects.filter(country_code="xq").count() == generated.count() > 0
    assert FactRebuild.objects.get(country_code="xq").incidents == generated.count()
    assert IncidentFactRelationship.objects.filter(fact__country_code="xq").exists()
    sample = list(generated.order_by("pk").values_list("pk", flat=True)[:40])
    before = list(IncidentFact.objects.filter(incident__in=sample).order_by("pk").values_list(*COMPARED))
    facts.refresh(sample)
    assert list(IncidentFact.objects.filter(incident__in=sample).order_by("pk").values_list(*COMPARED)) == before
