"""The demo: a programme at the demo district's provider with its two logins, and some of the demo cases' alleged
perpetrators sent to it — attending, one completed, one dropped out, one awaiting — in each of the three packs,
through the services (so every rule holds for them)."""

import io

import pytest
from django.core.management import call_command
from django.test import TestCase

from concord.accounts.models import User
from concord.countries.loader import apply_pack, read_pack
from concord.programmes.choices import EnrolmentStatus
from concord.programmes.models import Enrolment, Programme, ProgrammeSession

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("country", ["az", "al", "kz"])
def test_seed_demo_runs_a_programme_with_its_people(country):
    apply_pack(read_pack(country))
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("seed_demo", "--country", country, "--cases", "12", "--seed", "3", stdout=io.StringIO())
    programme = Programme.objects.get()
    assert programme.provider.kind.code in programme.programme_type.provider_kinds
    facilitator = User.objects.get(email=f"provider.{country}@example.org")
    assert facilitator.membership.agency == programme.provider
    statuses = set(Enrolment.objects.values_list("status", flat=True))
    assert {EnrolmentStatus.COMPLETED, EnrolmentStatus.DROPPED_OUT, EnrolmentStatus.REQUESTED} <= statuses
    assert (
        ProgrammeSession.objects.filter(programme=programme).count() >= programme.programme_type.versions.get().sessions
    )
    for enrolment in Enrolment.objects.select_related("participant"):
        assert (
            enrolment.participant.role == "alleged_perpetrator" and enrolment.participant.case_id == enrolment.case_id
        )


def test_seed_demo_holds_the_seed_training_of_the_administrative_units():
    from django.utils import timezone

    from concord.countries.models import Country
    from concord.programmes import selectors
    from concord.programmes.models import TrainingPlan
    from concord.territory.models import Territory

    apply_pack(read_pack("al"))
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("seed_demo", "--country", "al", "--cases", "8", "--seed", "3", stdout=io.StringIO())
    plan = TrainingPlan.objects.get()
    report = selectors.plan_report(plan)
    assert report.people == 53 and len(report.topics_covered) == 3
    district = Territory.objects.get(code=Country.objects.get(code="al").demo_district)
    coverage = selectors.training_coverage(district, 12, timezone.localdate())
    assert coverage.groups and sum(line.trained for line in coverage.groups) > 0
    from concord.programmes.models import Campaign, Material

    assert set(Material.objects.get().versions.values_list("language", flat=True)) == {"en", "sq"}
    campaign = Campaign.objects.get()
    assert selectors.campaign_reach(campaign.activities.all()).total == 120800 + 45000
