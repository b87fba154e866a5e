"""The cases app's section of a country pack (consent.yaml) and the demo data of a pack's demo district."""

import pytest
from django.core.management import call_command

from concord.common.testing.packs import broken_pack
from concord.countries.loader import apply_pack, read_pack
from concord.countries.models import Country
from concord.territory.models import Territory


def test_consent_bands_must_cover_every_age(tmp_path):
    problems = broken_pack(tmp_path, "consent.yaml", "{from_age: 7,", "{from_age: 8,")
    assert any(p.file == "consent.yaml" and p.key.endswith("from_age") and p.line for p in problems)


@pytest.mark.django_db
def test_consent_bands_are_loaded_with_their_dates():
    apply_pack(read_pack("az"))
    bands = list(Country.objects.get(code="az").consent_bands.values_list("from_age", "to_age", "requirement"))
    assert bands[0] == (0, 6, "caregiver") and bands[-1] == (18, None, "self")


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["az", "al", "kz"])
def test_demo_users_get_one_membership_per_role_in_the_demo_district(code):
    from concord.accounts.choices import Role
    from concord.accounts.models import Membership

    apply_pack(read_pack(code))
    call_command("seed_demo", "--country", code, stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", "--country", code, stdout=open("/dev/null", "w"))  # noqa: SIM115 - idempotent
    # One login per role; modules add their own beside them (referrals: the agencies its pathways refer to).
    per_role = [f"{role.replace('_', '.')}.{code}@example.org" for role in Role.values]
    memberships = Membership.objects.filter(user__email__in=per_role).select_related(
        "agency__kind", "agency__territory"
    )
    assert sorted(m.role for m in memberships) == sorted(Role.values)
    district = Territory.objects.get(code=Country.objects.get(code=code).demo_district)
    caseworker = memberships.get(role=Role.CASEWORKER)
    assert caseworker.agency.territory.path.startswith(district.path)
    national_roles = memberships.filter(role__in=[Role.ANALYST, Role.AUDITOR, Role.SYSTEM_ADMIN])
    assert {m.agency.territory.level for m in national_roles} == {0}
    assert all(m.agency.kind.code != "shelter" for m in national_roles)
