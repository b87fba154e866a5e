"""Demo users: one per role in a country pack's demo district, for the demonstration system (make run)."""

from collections.abc import Callable, Mapping, Sequence

from django.core.management.base import CommandError
from django.db import transaction
from rich.table import Table

from concord.accounts.choices import Role
from concord.accounts.models import Agency, Membership, User
from concord.countries.models import Country
from concord.territory.models import Territory

DEMO_PASSWORD = "concord-demo-2026"  # noqa: S105 - printed for demo logins only

# Which kind of agency each demo role sits in, first match wins; the national body hosts the oversight roles. These
# are the defaults: a pack's demo.yaml names its own kinds per role (concord.cases.demo_pack).
ROLE_AGENCY_KINDS: dict[Role, list[str]] = {
    Role.CASEWORKER: ["police"],
    Role.SUPERVISOR: ["police"],
    Role.COORDINATOR: ["local_executive", "municipality"],
    Role.GROUP_MEMBER: ["health"],
    Role.ANALYST: ["state_committee", "commission_women_family", "ministry"],
    Role.AGENCY_ADMIN: ["police"],
    Role.SYSTEM_ADMIN: ["state_committee", "commission_women_family", "ministry"],
    Role.AUDITOR: ["state_committee", "commission_women_family", "ministry"],
}
DEMO_NAMES = {
    Role.CASEWORKER: "Demo Caseworker",
    Role.SUPERVISOR: "Demo Supervisor",
    Role.COORDINATOR: "Demo Coordinator",
    Role.GROUP_MEMBER: "Demo Group Member",
    Role.ANALYST: "Demo Analyst",
    Role.AGENCY_ADMIN: "Demo Agency Admin",
    Role.SYSTEM_ADMIN: "Demo System Admin",
    Role.AUDITOR: "Demo Auditor",
}


# Modules add demo users of their own (the referrals module: a caseworker in each agency its pathways refer to, so
# that the receiving side can be tried): country code -> [(role, agency, e-mail, full name)].
ExtraUsers = Callable[[str], list[tuple[str, Agency, str, str]]]
_extra_users: list[ExtraUsers] = []


def register_demo_users(extra: ExtraUsers) -> None:
    if extra not in _extra_users:
        _extra_users.append(extra)


def _demo_user(email: str, password: str, full_name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        return User.objects.create_user(email=email, password=password, full_name=full_name, is_demo_account=True)
    if not user.is_demo_account:
        User.objects.filter(pk=user.pk).update(is_demo_account=True)
    return user


@transaction.atomic
def seed_users(country: str, password: str, role_kinds: Mapping[str, Sequence[str]] | None = None) -> Table:
    """One demo user per role in the country pack's demo district (idempotent); returns the table of logins.
    `role_kinds`: the agency kinds each role's agency is chosen from, first match wins (default ROLE_AGENCY_KINDS
    for the roles it leaves out)."""
    country_obj = Country.objects.filter(code=country).first()
    if country_obj is None:
        raise CommandError(f"Load the country pack first: manage.py load_country {country}")
    district = Territory.objects.get(code=country_obj.demo_district)
    agencies = list(Agency.objects.select_related("kind").filter(territory__country_code=country, is_active=True))
    table = Table(title=f"Demo logins ({country_obj.code.upper()}), password: {password}")
    table.add_column("Role")
    table.add_column("E-mail")
    table.add_column("Agency")
    for role, default_kinds in ROLE_AGENCY_KINDS.items():
        kinds = (role_kinds or {}).get(role.value, default_kinds)
        agency = _agency_for(agencies, kinds, district)
        email = f"{role.value.replace('_', '.')}.{country}@example.org"
        user = _demo_user(email, password, DEMO_NAMES[role])
        membership, _ = Membership.objects.update_or_create(
            user=user, agency=agency, defaults={"role": role, "is_active": True}
        )
        if role == Role.COORDINATOR:
            membership.jurisdiction.set([district])
        table.add_row(str(role.label), email, agency.code)
    for extra in _extra_users:
        for role_code, agency, email, full_name in extra(country):
            user = _demo_user(email, password, full_name)
            Membership.objects.update_or_create(
                user=user, agency=agency, defaults={"role": role_code, "is_active": True}
            )
            table.add_row(str(Role(role_code).label), email, agency.code)
    return table


def _agency_for(agencies: list[Agency], kinds: Sequence[str], district: Territory) -> Agency:
    for kind in kinds:
        local = [a for a in agencies if a.kind.code == kind and a.territory.path.startswith(district.path)]
        anywhere = [a for a in agencies if a.kind.code == kind]
        if local or anywhere:
            return (local or anywhere)[0]
    return agencies[0]
