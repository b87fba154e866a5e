"""The standard cast for permission tests (DESIGN.md): a small country with two districts, and a user for every
role in district A, plus outsiders in another agency of district A and in district B."""

from __future__ import annotations

from dataclasses import dataclass, field

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from concord.accounts.choices import Role
from concord.accounts.models import Agency, User
from concord.common.testing.factories import (
    AgencyFactory,
    AgencyKindFactory,
    MembershipFactory,
    TerritoryFactory,
    UserFactory,
)
from concord.territory.models import Territory


@dataclass
class Cast:
    country: Territory
    district_a: Territory
    district_b: Territory
    agency_a: Agency
    other_agency_a: Agency
    agency_b: Agency
    national_agency: Agency
    users: dict[str, User] = field(default_factory=dict)
    totp_secrets: dict[str, str] = field(default_factory=dict)
    # Objects a test module adds to the scene (a case, a document) for its endpoint URLs.
    extra: dict[str, object] = field(default_factory=dict)

    def __getitem__(self, name: str) -> User:
        return self.users[name]


# Persona name → (role, which agency). "other_agency" and "other_district" are outsiders of the same role.
PERSONAS = {
    "caseworker": (Role.CASEWORKER, "agency_a"),
    "supervisor": (Role.SUPERVISOR, "agency_a"),
    "coordinator": (Role.COORDINATOR, "other_agency_a"),
    "group_member": (Role.GROUP_MEMBER, "other_agency_a"),
    "analyst": (Role.ANALYST, "national_agency"),
    "agency_admin": (Role.AGENCY_ADMIN, "agency_a"),
    "system_admin": (Role.SYSTEM_ADMIN, "national_agency"),
    "auditor": (Role.AUDITOR, "national_agency"),
    "caseworker_other_agency": (Role.CASEWORKER, "other_agency_a"),
    "caseworker_other_district": (Role.CASEWORKER, "agency_b"),
    "agency_admin_other_district": (Role.AGENCY_ADMIN, "agency_b"),
}
ROLE_PERSONAS = [name for name in PERSONAS if name in Role.values]


def build_cast() -> Cast:
    country = TerritoryFactory(code="TT", level=0, name_en="Testland")
    region = TerritoryFactory(code="TT-R1", parent=country, name_en="North Region")
    district_a = TerritoryFactory(code="TT-DA", parent=region, name_en="District A")
    district_b = TerritoryFactory(code="TT-DB", parent=region, name_en="District B")
    police = AgencyKindFactory(code="police")
    health = AgencyKindFactory(code="health")
    executive = AgencyKindFactory(code="local_executive")
    national = AgencyKindFactory(code="state_committee")
    cast = Cast(
        country=country,
        district_a=district_a,
        district_b=district_b,
        agency_a=AgencyFactory(code="TT-DA-POLICE", kind=police, territory=district_a, name_en="Police A"),
        other_agency_a=AgencyFactory(code="TT-DA-EXEC", kind=executive, territory=district_a, name_en="Executive A"),
        agency_b=AgencyFactory(code="TT-DB-POLICE", kind=police, territory=district_b, name_en="Police B"),
        national_agency=AgencyFactory(code="TT-NATIONAL", kind=national, territory=country, name_en="Committee"),
    )
    AgencyFactory(code="TT-DA-HEALTH", kind=health, territory=district_a, name_en="Health A")
    for name, (role, agency_attr) in PERSONAS.items():
        user = UserFactory(email=f"{name.replace('_', '.')}@example.org", full_name=name.replace("_", " ").title())
        MembershipFactory(user=user, agency=getattr(cast, agency_attr), role=role)
        # Every persona has enrolled an authenticator app, as production requires of them.
        cast.totp_secrets[name] = generate_totp_secret()
        TOTP.activate(user, cast.totp_secrets[name])
        cast.users[name] = user
    return cast
