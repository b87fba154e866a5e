"""The demo: a caseworker and a supervisor in each agency of the demo district the pathways refer to, and the demo
cases' pathway referrals answered as their receivers would have."""

import io

import pytest
from django.core.management import call_command
from django.test import TestCase

from concord.accounts.models import Membership
from concord.countries.loader import apply_pack, read_pack
from concord.referrals.choices import ReferralState
from concord.referrals.models import Referral

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_the_receiving_agencies_staff_and_answers_their_referrals():
    apply_pack(read_pack("az"))
    out = io.StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):  # the pathways run once each case is committed
        call_command("seed_demo", "--country", "az", "--cases", "8", "--seed", "5", stdout=out)
    receivers = Membership.objects.filter(agency__code__in=["AZ-BIN-CFSC", "AZ-BIN-VICTIM-SUPPORT"])
    assert sorted(receivers.values_list("role", flat=True)) == ["caseworker", "caseworker", "supervisor", "supervisor"]
    assert "caseworker.child-family-support-centre.az@example.org" in out.getvalue()
    referrals = Referral.objects.all()
    assert referrals.exists() and all(r.pathway_id for r in referrals)
    assert set(referrals.values_list("state", flat=True)) - {ReferralState.SENT}
    assert all(r.sent_at <= r.acknowledge_due_at for r in referrals)
