"""The one table that maps roles to capabilities (DESIGN.md, "Who may see what").

Views, selectors and rules predicates ask for a capability, never for a role, so changing what a role may do is
a change to this table alone.
"""

from __future__ import annotations

from enum import StrEnum

from concord.accounts.choices import Role


class Capability(StrEnum):
    # Case data (the case register arrives with the cases app; the capabilities are defined here once).
    VIEW_INVOLVED_CASES = "cases.view_involved_cases"
    VIEW_JURISDICTION_CASES = "cases.view_jurisdiction_cases"
    VIEW_AGENDA_CASE_SUMMARIES = "groups.view_agenda_case_summaries"
    EDIT_CASES = "cases.edit_case"
    APPROVE_CASE_DECISIONS = "cases.approve_decisions"
    VIEW_TEAM_WORKLOAD = "cases.view_team_workload"
    BREAK_GLASS = "cases.break_glass"
    # Statistics.
    VIEW_STATISTICS = "stats.view_statistics"
    # Trainings of professionals (no case data): plans, sessions and their attendance sheets.
    RUN_TRAININGS = "programmes.run_trainings"
    # Administration.
    MANAGE_AGENCY_USERS = "accounts.manage_agency_users"
    MANAGE_API_TOKENS = "accounts.manage_api_tokens"
    MANAGE_ALL_USERS = "accounts.manage_all_users"
    MANAGE_AGENCIES = "accounts.manage_agencies"
    MANAGE_TERRITORIES = "territory.manage_territories"
    MANAGE_COUNTRY_PACKS = "countries.manage_country_packs"
    MANAGE_RISK_INSTRUMENTS = "risk.manage_instruments"
    USE_DJANGO_ADMIN = "admin.use_django_admin"
    # Oversight.
    VIEW_AUDIT_LOG = "audit.view_audit_log"


ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.CASEWORKER: frozenset({Capability.VIEW_INVOLVED_CASES, Capability.EDIT_CASES}),
    Role.SUPERVISOR: frozenset(
        {
            Capability.VIEW_INVOLVED_CASES,
            Capability.EDIT_CASES,
            Capability.APPROVE_CASE_DECISIONS,
            Capability.VIEW_TEAM_WORKLOAD,
            Capability.BREAK_GLASS,
            Capability.RUN_TRAININGS,
        }
    ),
    Role.COORDINATOR: frozenset(
        {
            Capability.VIEW_INVOLVED_CASES,
            Capability.VIEW_JURISDICTION_CASES,
            Capability.EDIT_CASES,
            Capability.BREAK_GLASS,
            Capability.VIEW_STATISTICS,
            Capability.RUN_TRAININGS,
        }
    ),
    Role.GROUP_MEMBER: frozenset({Capability.VIEW_AGENDA_CASE_SUMMARIES}),
    Role.ANALYST: frozenset({Capability.VIEW_STATISTICS}),
    Role.AGENCY_ADMIN: frozenset(
        {Capability.MANAGE_AGENCY_USERS, Capability.MANAGE_API_TOKENS, Capability.RUN_TRAININGS}
    ),
    Role.SYSTEM_ADMIN: frozenset(
        {
            Capability.MANAGE_ALL_USERS,
            Capability.MANAGE_AGENCY_USERS,
            Capability.MANAGE_API_TOKENS,
            Capability.MANAGE_AGENCIES,
            Capability.MANAGE_TERRITORIES,
            Capability.MANAGE_COUNTRY_PACKS,
            Capability.MANAGE_RISK_INSTRUMENTS,
            Capability.USE_DJANGO_ADMIN,
        }
    ),
    Role.AUDITOR: frozenset({Capability.VIEW_AUDIT_LOG}),
}

# Either lets a user read the cases in their scope (pages of a case, case lists, case data in the API).
CASE_READER_CAPABILITIES = (Capability.VIEW_INVOLVED_CASES, Capability.VIEW_JURISDICTION_CASES)

CASE_DATA_CAPABILITIES = frozenset(
    {
        Capability.VIEW_INVOLVED_CASES,
        Capability.VIEW_JURISDICTION_CASES,
        Capability.VIEW_AGENDA_CASE_SUMMARIES,
    }
)


def role_capabilities(role: str) -> frozenset[Capability]:
    return ROLE_CAPABILITIES.get(role, frozenset())


def role_sees_case_data(role: str) -> bool:
    return bool(role_capabilities(role) & CASE_DATA_CAPABILITIES)


def role_requires_mfa(role: str) -> bool:
    """Every role that can see case data must use a second factor, and so must the roles that can hand out such
    access (administrators) or read the access log that names cases (auditors). Only analysts, who see
    suppressed aggregates, are left to choose."""
    return role != Role.ANALYST
