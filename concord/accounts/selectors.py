"""Reads of users, agencies and memberships, scoped to what the reader may manage."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from concord.accounts.capabilities import Capability, role_capabilities
from concord.accounts.choices import Role
from concord.accounts.models import Agency, AgencyKind, Membership, User
from concord.common.translated import code_or_name_contains
from concord.territory.models import Territory
from concord.territory.selectors import territory_descendants_q, territory_prefixes, territory_region_path


def user_list_for(actor: User) -> QuerySet[User]:
    """Users the actor may manage: everyone for system administrators, their own agency's for agency admins."""
    users = User.objects.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("agency").order_by("pk"))
    )
    if actor.has_capability(Capability.MANAGE_ALL_USERS):
        return users
    if actor.has_capability(Capability.MANAGE_AGENCY_USERS) and actor.agency is not None:
        return users.filter(memberships__agency=actor.agency).distinct()
    return users.none()


def user_get_for(actor: User, pk: int) -> User:
    try:
        return user_list_for(actor).get(pk=pk)
    except User.DoesNotExist:
        raise Http404 from None


def managed_agency_for(actor: User, *, target: User | None = None, chosen: Agency | None = None) -> Agency:
    """The agency whose membership an administrator is managing: their own, or for a system administrator the
    target user's first agency (or the one they chose when creating a user)."""
    if actor.has_capability(Capability.MANAGE_ALL_USERS):
        if target is not None:
            membership = target.memberships.select_related("agency__territory").order_by("pk").first()
            if membership:
                return membership.agency
        if chosen is not None:
            return chosen
    if actor.agency is None:
        raise PermissionDenied
    return actor.agency


def agency_list() -> QuerySet[Agency]:
    """The directory of agencies is shared by everyone in the system (referrals need it)."""
    return Agency.objects.select_related("kind", "territory")


def agencies_near(territory) -> QuerySet[Agency]:
    """The active agencies a form about a case in `territory` offers first: those of its region and the national
    ones. The country's others are found by name as the user types (agency_search)."""
    region = territory_region_path(territory)
    return (
        Agency.objects.filter(is_active=True, territory__country_code=territory.country_code)
        .filter(Q(territory__path__startswith=region) | Q(territory__level=0))
        .order_by("name_en")
    )


def agency_search(
    country_code: str, query: str, *, kinds: list[str] | None = None, limit: int = 20
) -> QuerySet[Agency]:
    """Active agencies of a country whose code or name, in any language, contains `query`; of those `kinds` only
    when given (a form whose choice must be, say, a court)."""
    query = query.strip()
    if not query:
        return Agency.objects.none()
    matches = code_or_name_contains(query)
    agencies = Agency.objects.filter(matches, is_active=True, territory__country_code=country_code)
    if kinds:
        agencies = agencies.filter(kind__code__in=kinds)
    return agencies.order_by("name_en")[:limit]


def agency_list_for_management(actor: User) -> QuerySet[Agency]:
    if actor.has_capability(Capability.MANAGE_AGENCIES):
        return agency_list()
    return Agency.objects.none()


def agency_get_for(actor: User, pk: int) -> Agency:
    try:
        return agency_list_for_management(actor).get(pk=pk)
    except Agency.DoesNotExist:
        raise Http404 from None


def agency_kind_list(country_code: str | None = None) -> QuerySet[AgencyKind]:
    kinds = AgencyKind.objects.all()
    return kinds.filter(country_code=country_code) if country_code else kinds


def membership_jurisdiction(membership: Membership) -> list[Territory]:
    """The units a membership covers: those set on it, else its agency's own territory."""
    units = list(membership.jurisdiction.all())
    return units or [membership.agency.territory]


def assignable_territories(agency: Agency) -> QuerySet[Territory]:
    """Units a membership in `agency` may be given as jurisdiction: the agency's territory and everything below."""
    return Territory.objects.filter(territory_descendants_q([agency.territory]), is_active=True)


def team_scope_allowed(user: User) -> bool:
    """Whether the user sees a team's work (supervisors: their agency's; coordinators: their jurisdiction's)."""
    return user.has_capability(Capability.VIEW_JURISDICTION_CASES) or user.has_capability(Capability.VIEW_TEAM_WORKLOAD)


def case_staff_of(agency: Agency) -> QuerySet[User]:
    """The people of an agency who work on cases (caseworkers, supervisors, coordinators): those who may lead one.
    Administrators, analysts and auditors of the agency never do, and service accounts are not people."""
    roles = [role for role in Role.values if Capability.EDIT_CASES in role_capabilities(role)]
    return (
        User.objects.filter(
            memberships__agency=agency,
            memberships__is_active=True,
            memberships__role__in=roles,
            is_active=True,
            is_service_account=False,
        )
        .distinct()
        .order_by("full_name", "email")
    )


def agency_supervisors(agency: Agency | int) -> QuerySet[User]:
    """The active supervisors of an agency: they approve its decisions and stand in for a missing lead worker."""
    return User.objects.filter(
        memberships__agency=agency, memberships__is_active=True, memberships__role=Role.SUPERVISOR, is_active=True
    ).distinct()


def territory_coordinators(territory: Territory) -> QuerySet[User]:
    """The active coordinators whose jurisdiction covers `territory` (their agency's territory when none is set)."""
    prefixes = territory_prefixes(territory)
    return User.objects.filter(
        Q(memberships__jurisdiction__path__in=prefixes)
        | Q(memberships__jurisdiction__isnull=True, memberships__agency__territory__path__in=prefixes),
        memberships__role=Role.COORDINATOR,
        memberships__is_active=True,
        is_active=True,
    ).distinct()
