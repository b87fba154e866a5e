"""Reads of case data. Every list comes from Case.objects.visible_to; every single object from a *_get_for
helper that raises 404 when it is out of the reader's scope (never 403: that would confirm it exists)."""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import Case as Case_
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    prefetch_related_objects,
)
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from concord.accounts.capabilities import Capability
from concord.accounts.models import Agency, User
from concord.accounts.selectors import agency_supervisors, membership_jurisdiction
from concord.audit.models import AuditEvent
from concord.audit.services import audit_record
from concord.cases.choices import CaseAuditAction, CaseStatus, ConsentPurpose, ParticipantRole, RiskLevel
from concord.cases.extension import RecordEntry, record_entries
from concord.cases.models import (
    Attachment,
    Case,
    Consent,
    Incident,
    Involvement,
    Note,
    Participant,
    PlanTask,
    TimelineEntry,
)
from concord.cases.rules import is_owning_supervisor, may_review_duplicates
from concord.cases.scoping import EDIT, NEWEST_FIRST, SENSITIVE, VIEW, CaseQuerySet, get_for
from concord.common.worklist import TEAM
from concord.countries.clock import country_today, country_zones
from concord.people.matching import Identity, identity
from concord.people.models import Person, PersonMerge, PossibleDuplicate
from concord.people.selectors import identity_of, person_matches
from concord.territory.models import Territory
from concord.territory.selectors import territory_descendants_q, territory_region_path


def _survivors(*, names_only: bool = False) -> Prefetch:
    survivors = Participant.objects.filter(role=ParticipantRole.SURVIVOR).select_related("person")
    if names_only:
        # A list shows her name: the other encrypted fields are neither read nor decrypted.
        survivors = survivors.only(
            "case_id", "role", "person_id", "person__given_name", "person__family_name", "person__patronymic"
        )
    return Prefetch("participants", queryset=survivors, to_attr="survivors")


def case_list_for(user: User, *, action: str = "view", among: Collection[int] | None = None) -> QuerySet[Case]:
    """The reader's cases (of `among`, when given) with what a list row shows, in a constant number of queries."""
    return (
        Case.objects.visible_to(user, action, among=among)
        .select_related("territory", "owning_agency", "lead_worker")
        .prefetch_related(_survivors(names_only=True))
    )


class VisibleCases:
    """A reader's cases of a filtered list, in the list's order, as the paginators read them (the HTML list's
    BoundedPaginator, the API's keyset pagination): the ids of the first N found by Case.objects.visible_first,
    then the rows of the page sliced, through case_list_for. `cases` is a filtered list of any cases: only the
    reader's are ever returned."""

    model = Case

    def __init__(self, user: User, cases: Any, *, oldest_first: bool = False) -> None:
        self.user, self.cases, self.oldest_first = user, cases, oldest_first
        self._ids: list[int] = []
        self._found_up_to = 0

    @property
    def query(self):
        """The list's order, for KeysetPagination.get_ordering."""
        return self.cases.order_by(*NEWEST_FIRST).query

    def order_by(self, *ordering: str) -> VisibleCases:
        if tuple(field.lstrip("-") for field in ordering) != ("opened_at", "pk"):
            raise ValueError(f"a case list is ordered by opening time only, not {ordering}")
        return VisibleCases(self.user, self.cases, oldest_first=not ordering[0].startswith("-"))

    def filter(self, *args: Any, **kwargs: Any) -> VisibleCases:
        return VisibleCases(self.user, self.cases.filter(*args, **kwargs), oldest_first=self.oldest_first)

    def _first(self, limit: int) -> list[int]:
        if limit > self._found_up_to:
            self._ids = self.cases.visible_first(self.user, limit=limit, oldest_first=self.oldest_first)
            self._found_up_to = limit
        return self._ids[:limit]

    def count_up_to(self, limit: int) -> int:
        return len(self._first(limit))

    def __getitem__(self, index: slice) -> list[Case]:
        ids = self._first(index.stop)[index]
        rows = {case.pk: case for case in case_list_for(self.user, among=ids)}
        return [rows[pk] for pk in ids if pk in rows]


def case_get_for(user: User, pk: int, action: str = VIEW) -> Case:
    cases = Case.objects.select_related("territory", "owning_agency", "lead_worker", "closure_requested_by")
    return get_for(cases.prefetch_related(_survivors()), user, pk, action)


def case_by_number_for(user: User, number: str) -> Case:
    case = Case.objects.visible_to(user).filter(number=number).first()
    if case is None:
        raise Http404
    return case_get_for(user, case.pk)


def case_sensitive_allowed(user: User, case: Case) -> bool:
    """Narratives, sexual-violence and medical details and the survivor's address and phone (scoping, "sensitive")."""
    return Case.objects.visible_to(user, SENSITIVE, among=[case.pk]).exists()


# ---- the risk review schedule on the case, and the scopes of the work list ---------------------------------------

OVERDUE, DUE_TODAY, DUE_OR_OVERDUE = "overdue", "due", "due_or_overdue"
_REVIEW_LOOKUPS = {OVERDUE: "lt", DUE_TODAY: "exact", DUE_OR_OVERDUE: "lte"}


def reassessment_cases(cases: QuerySet[Case], today: datetime.date, when: str) -> QuerySet[Case]:
    """The one rule for the work list, the case-list filter and the reminders: open cases whose next risk review
    is before (overdue), on (due) or on or before (either) `today`, a day of the cases' one country (the
    reminders, country by country). For cases of any country, see reassessment_cases_today."""
    return cases.exclude(status=CaseStatus.CLOSED).filter(**{f"next_risk_review_on__{_REVIEW_LOOKUPS[when]}": today})


def reassessment_cases_today(cases: QuerySet[Case], when: str) -> QuerySet[Case]:
    """The same rule, each case against today in its own country (a list may hold cases of several countries;
    one condition per distinct day, no query)."""
    lookup = f"next_risk_review_on__{_REVIEW_LOOKUPS[when]}"
    codes_by_day: dict[datetime.date, list[str]] = {}
    for code in country_zones():
        codes_by_day.setdefault(country_today(code), []).append(code)
    # A territory of a country without a pack keeps the server's day.
    condition = Q(**{lookup: country_today(None)})
    if codes_by_day:
        condition &= ~Q(territory__country_code__in=[code for codes in codes_by_day.values() for code in codes])
    for day, codes in codes_by_day.items():
        condition |= Q(territory__country_code__in=codes, **{lookup: day})
    return cases.exclude(status=CaseStatus.CLOSED).filter(condition)


def country_today_for(user: User | None) -> datetime.date:
    """Today in the country of the user's agency (the server's day for a user without one)."""
    agency = getattr(user, "agency", None)
    return country_today(agency.territory.country_code if agency else None)


def has_team(user: User) -> bool:
    return user.has_capability(Capability.VIEW_JURISDICTION_CASES) or user.has_capability(Capability.VIEW_TEAM_WORKLOAD)


def work_cases(user: User, scope: str, cases: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """The cases (of `cases`, when given: filtered first, so that the scope reads only those) whose work a user
    sees: for "mine" those they lead; for "team" those of their jurisdiction (a coordinator) or owned by their
    agency (a supervisor). Always within the case scope."""
    cases = Case.objects.all() if cases is None else cases
    assert isinstance(cases, CaseQuerySet)
    if scope == TEAM and user.has_capability(Capability.VIEW_JURISDICTION_CASES):
        return cases.visible_to(user)
    if scope == TEAM and user.has_capability(Capability.VIEW_TEAM_WORKLOAD) and user.agency is not None:
        return cases.filter(owning_agency=user.agency).visible_to(user)
    return cases.filter(lead_worker=user).visible_to(user)


def caseload_for(user: User) -> dict:
    """The team's cases by status and risk level (one grouped query), the open cases of each lead worker, and how
    many reviews are overdue."""
    cases = work_cases(user, TEAM)
    counts = {
        (row["status"], row["risk_level"]): row["n"]
        for row in cases.values("status", "risk_level").annotate(n=Count("pk"))
    }
    levels = [*RiskLevel.choices, (None, _("Not assessed"))]
    rows = [
        {
            "status": label,
            "counts": [counts.get((status, level), 0) for level, _label in levels],
            "total": sum(n for (s, _level), n in counts.items() if s == status),
        }
        for status, label in CaseStatus.choices
    ]
    open_cases = cases.exclude(status=CaseStatus.CLOSED)
    workers = (
        open_cases.values("lead_worker__full_name")
        .annotate(n=Count("pk"), high=Count("pk", filter=Q(risk_level__gte=RiskLevel.HIGH)))
        .order_by("-n", "lead_worker__full_name")
    )
    return {
        "levels": levels,
        "rows": rows,
        "total": sum(counts.values()),
        "workers": list(workers),
        "overdue_reviews": reassessment_cases_today(cases, OVERDUE).count(),
    }


def review_state(case: Case) -> str | None:
    """Whether the case's risk review is "overdue" or "due" today in its country's day, or neither."""
    if case.next_risk_review_on is None or case.status == CaseStatus.CLOSED:
        return None
    today = country_today(case.territory.country_code)
    if case.next_risk_review_on < today:
        return "overdue"
    return "due" if case.next_risk_review_on == today else None


def case_lead_recipients(case: Case) -> list[User]:
    """Who hears of what concerns a case's survivor: the lead worker, or the owning agency's supervisors while the
    case has none, so that nothing a module tells the case's side is lost."""
    lead = case.lead_worker
    return [lead] if lead is not None and lead.is_active else list(agency_supervisors(case.owning_agency_id))


def case_read(user: User, case: Case, *, section: str) -> None:
    """Record that `user` read a part of the case (overview, people, notes, …): every read is audited."""
    audit_record(
        action=CaseAuditAction.CASE_VIEWED,
        actor=user,
        target=case,
        case_id=case.pk,
        details={"section": section},
    )


def participant_list(case: Case) -> QuerySet[Participant]:
    """The survivor first, then the alleged perpetrators, children and the rest of the household."""
    order = Case_(
        *[When(role=role, then=Value(rank)) for rank, role in enumerate(ParticipantRole.values)],
        output_field=IntegerField(),
    )
    return case.participants.select_related("person", "person__residence_territory").order_by(order, "pk")


def participant_get_for(user: User, pk: int, action: str = VIEW) -> Participant:
    return get_for(Participant.objects.select_related("person", "case"), user, pk, action)


def person_list_for(user: User) -> QuerySet[Person]:
    """The people the user may see: those taking part in a case the user may see."""
    return Person.objects.filter(pk__in=Participant.objects.visible_to(user).values("person"))


def person_reachable_for(user: User) -> QuerySet[Person]:
    """The people the user may see by name: those in a case the user may see, and those the user's own agency has
    registered who are in no case yet. Anyone else is another agency's, however exactly the blind index matched
    her; a record merged into another is that other person."""
    condition = Q(pk__in=Participant.objects.visible_to(user).values("person"))
    if user.agency is not None:
        unplaced = ~Exists(Participant.objects.filter(person=OuterRef("pk")))
        condition |= Q(unplaced, registered_by_agency=user.agency)
    return Person.objects.filter(condition, merged_into__isnull=True)


def person_attachable(user: User, person: Person) -> bool:
    """Whether `user` may put an existing person into a case."""
    return person_reachable_for(user).filter(pk=person.pk).exists()


def person_reachable_ids(user: User, person_ids: Collection[int]) -> set[int]:
    ids = list(person_ids)
    return set(person_reachable_for(user).filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()


def person_get_for(user: User, pk: int) -> Person:
    """A person the user may see by name (person_reachable_for); the read is audited."""
    try:
        person = person_reachable_for(user).select_related("registered_by_agency").get(pk=int(pk))
    except (Person.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    audit_record(action=CaseAuditAction.PERSON_VIEWED, actor=user, target=person)
    return person


def incident_list(case: Case) -> QuerySet[Incident]:
    return case.incidents.select_related("territory", "reporting_agency").prefetch_related(
        Prefetch("perpetrators", queryset=Participant.objects.select_related("person"))
    )


def incident_list_for(user: User) -> QuerySet[Incident]:
    return Incident.objects.visible_to(user).select_related("case")


def incident_get_for(user: User, pk: int, action: str = VIEW) -> Incident:
    return get_for(Incident.objects.select_related("case"), user, pk, action)


def note_list(user: User, case: Case) -> QuerySet[Note]:
    return Note.objects.visible_to(user, among=[case.pk]).filter(case=case).select_related("author", "agency")


def note_get_for(user: User, pk: int, action: str = VIEW) -> Note:
    return get_for(Note.objects.select_related("author", "agency", "case"), user, pk, action)


def attachment_list(user: User, case: Case) -> QuerySet[Attachment]:
    return (
        Attachment.objects.visible_to(user, among=[case.pk]).filter(case=case).select_related("uploaded_by", "agency")
    )


def attachment_get_for(user: User, pk: int) -> Attachment:
    """A document to download: the read is audited."""
    attachment = get_for(Attachment.objects.select_related("case"), user, pk)
    audit_record(
        action=CaseAuditAction.DOCUMENT_DOWNLOADED,
        actor=user,
        target=attachment,
        case_id=attachment.case_id,
    )
    return attachment


def consent_list(case: Case) -> QuerySet[Consent]:
    return case.consents.select_related(
        "participant__person", "recipient_agency", "recipient_kind", "recorded_by", "caregiver__person"
    )


def consent_get_for(user: User, pk: int, action: str = VIEW) -> Consent:
    return get_for(Consent.objects.select_related("participant", "case"), user, pk, action)


def case_territories_for(user: User) -> QuerySet[Territory]:
    """Districts and cities the user may open a case in: those inside their jurisdiction, or for a national body
    (whose jurisdiction holds none) every district of its country."""
    units = membership_jurisdiction(user.membership) if user.membership else []
    own = Territory.objects.filter(territory_descendants_q(units), level__gte=2, is_active=True) if units else None
    if own is not None and own.exists():
        return own
    country = units[0].country_code if units else ""
    return Territory.objects.filter(country_code=country, level=2, is_active=True)


def case_move_territories(case: Case) -> QuerySet[Territory]:
    """Where a case may move when the survivor does: any district or city of its country but its own (she may
    flee far outside the owning agency's jurisdiction, and the agency keeps the case)."""
    return Territory.objects.filter(country_code=case.territory.country_code, level__gte=2, is_active=True).exclude(
        pk=case.territory_id
    )


def case_filter_territories(user: User) -> QuerySet[Territory]:
    """The units a reader's case list offers to filter by: a coordinator's jurisdiction; for the others the region
    of their agency, where nearly all of its cases are (one shared from further away is found by its number).
    Reading the units of every case the reader sees would cost as much as the list itself."""
    membership = user.membership
    if membership is None:
        return Territory.objects.none()
    if Capability.VIEW_JURISDICTION_CASES in membership.capabilities:
        covered = territory_descendants_q(membership_jurisdiction(membership))
    else:
        covered = Q(path__startswith=territory_region_path(membership.agency.territory))
    return Territory.objects.filter(covered, level__gte=2, is_active=True).order_by("path")


def country_agencies(country_code: str) -> QuerySet[Agency]:
    """The active agencies of a country: those a case's incidents, consents, tasks and shares may name."""
    return Agency.objects.filter(territory__country_code=country_code, is_active=True).order_by("name_en")


def sharing_consents(case: Case) -> QuerySet[Consent]:
    """The consents a share may rest on: the survivor's, for sharing information, not withdrawn."""
    return case.consents.filter(
        withdrawn_at__isnull=True,
        purpose=ConsentPurpose.INFORMATION_SHARING,
        participant__role=ParticipantRole.SURVIVOR,
    ).select_related("recipient_agency", "recipient_kind")


def agencies_to_share_with(case: Case) -> QuerySet[Agency]:
    """Agencies of the case's country that are not involved in it yet (the owner among them)."""
    involved = Involvement.objects.filter(case=case, ended_at__isnull=True).values("agency")
    return country_agencies(case.territory.country_code).exclude(pk__in=involved)


def involvement_list(case: Case) -> QuerySet[Involvement]:
    return case.involvements.select_related("agency", "agency__kind", "consent").order_by("started_at")


def plan_task_get_for(user: User, pk: int, action: str = EDIT) -> PlanTask:
    return get_for(PlanTask.objects.select_related("goal__plan__case"), user, pk, action)


def timeline_for(case: Case) -> QuerySet[TimelineEntry]:
    return case.timeline.select_related("actor", "agency")


def access_log_allowed(user: User, case: Case) -> bool:
    """The access log is for the supervisors of the owning agency."""
    return is_owning_supervisor(user, case)


def access_log_for(case: Case) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(case_id=case.pk).select_related("actor", "agency").order_by("-pk")


def case_search_for(user: User, query: str) -> QuerySet[Case]:
    """Search among the reader's cases: by case number, a person's national ID or phone (blind index), or a
    survivor's or perpetrator's given and family name in any script (match tokens)."""
    from concord.common.blind_index import identifier_token, phone_token

    query = query.strip()
    if not query:
        return Case.objects.none()
    # Each way of matching on its own index (numbers are written in capitals, the packs' territory codes: as typed
    # and in capitals), then the reader's scope for the few cases found.
    by_number = Case.objects.filter(number__in={query, query.upper()}).values_list("pk", flat=True)
    people = Person.objects.filter(
        Q(national_id_key=identifier_token(query)) | Q(phone_key=phone_token(query))
    ).values_list("pk", flat=True)
    named = []
    if _is_name(query):
        # Among the people of the reader's own cases: the country's namesakes would crowd hers out.
        theirs = Participant.objects.visible_to(user).values("person_id")
        query_by_name = identity(given_name=query)
        named = [match.person.pk for match in person_matches(query_by_name, among=theirs, one_person=False)]
    by_person = Participant.objects.filter(person__in=[*people, *named]).values_list("case_id", flat=True)
    return case_list_for(user, among={*by_number, *by_person})


def _is_name(query: str) -> bool:
    """Two words or more with letters: a name to look up by its sound (one word alone would find too many)."""
    return len([word for word in query.split() if any(letter.isalpha() for letter in word)]) >= 2


def sensitive_case_ids(user: User, case_ids) -> set[int]:
    """Of the given cases, those whose sensitive sections the user may see, in one query (for API pages)."""
    cases = Case.objects.visible_to(user, SENSITIVE, among=list(case_ids))
    return set(cases.values_list("pk", flat=True))


# ---- lists across all of a reader's cases (the API's resources) --------------------------------------------------


def participant_list_for(user: User) -> QuerySet[Participant]:
    return Participant.objects.visible_to(user).select_related("person").order_by("case_id", "pk")


def note_list_for(user: User) -> QuerySet[Note]:
    return Note.objects.visible_to(user).select_related("author", "agency").order_by("-created_at")


def attachment_list_for(user: User) -> QuerySet[Attachment]:
    return Attachment.objects.visible_to(user).order_by("-uploaded_at")


def attachment_meta_get_for(user: User, pk: int) -> Attachment:
    """A document's description without its content (no download, so no audit event)."""
    return get_for(Attachment.objects.select_related("case"), user, pk)


def consent_list_for(user: User) -> QuerySet[Consent]:
    return Consent.objects.visible_to(user).order_by("-recorded_at")


def case_for_break_glass(number: str) -> Case | None:
    """The one case fetch outside visible_to: break-glass exists to open a case the user cannot see. Only the
    break-glass view calls it, behind the capability, and the grant it leads to is audited and notified."""
    return Case.objects.filter(number__iexact=number.strip()).first()


def person_matches_for(user: User, query: Identity) -> list[dict]:
    """People who may be the one described (in any script, by name and date, ID or phone), each with the case
    numbers the user may see. Of cases they may not see, only how many there are: intake and the API neither leak
    another agency's case nor silently register her twice."""
    found = person_matches(query)
    people = [match.person for match in found]
    prefetch_related_objects(people, "participations")
    # Only the matched cases the user may see are loaded; of the others just the ids are counted.
    matched_case_ids = {p.case_id for person in people for p in person.participations.all()}
    visible = {case.pk: case for case in Case.objects.visible_to(user, among=matched_case_ids)}
    rows = []
    for match in found:
        case_ids = [p.case_id for p in match.person.participations.all()]
        rows.append(
            {
                "person": match.person,
                "band": match.band,
                "score": match.score,
                "visible_cases": [visible[pk] for pk in case_ids if pk in visible],
                "hidden_count": sum(1 for pk in case_ids if pk not in visible),
            }
        )
    return rows


# ---- one person across cases: possible duplicates, merges, the perpetrator's record ------------------------------


def person_contact_hidden(user: User, person: Person) -> bool:
    """A survivor's contact details show only to readers who may see the sensitive sections of each of her
    cases they reach."""
    survivor_cases = list(person.participations.filter(role=ParticipantRole.SURVIVOR).values_list("case_id", flat=True))
    return bool(set(survivor_cases) - sensitive_case_ids(user, survivor_cases))


def dismissed_duplicates(person: Person) -> set[int]:
    pairs = PossibleDuplicate.objects.filter(Q(person=person) | Q(candidate=person), dismissed_at__isnull=False)
    return {a if a != person.pk else b for a, b in pairs.values_list("person_id", "candidate_id")}


def person_duplicates_for(user: User, person: Person) -> list[dict]:
    """The possible duplicates of a person, for a supervisor of the agency that registered her (for anyone else,
    none): each with its band, the case numbers the user may see and a count of the others. Only a candidate the
    user may see by name can be merged; of the rest the page shows no name."""
    if not may_review_duplicates(user, person):
        return []
    dismissed = dismissed_duplicates(person)
    rows = [
        row
        for row in person_matches_for(user, identity_of(person))
        if row["person"].pk != person.pk and row["person"].pk not in dismissed
    ]
    reachable = person_reachable_ids(user, [row["person"].pk for row in rows])
    for row in rows:
        row["mergeable"] = row["person"].pk in reachable
    return rows


def person_merges(person: Person) -> QuerySet[PersonMerge]:
    """The records merged into this person, the undone merges too, newest first."""
    return (
        PersonMerge.objects.filter(kept=person)
        .select_related("merged__registered_by_agency", "agency")
        .order_by("-merged_at")
    )


def open_duplicates_for(user: User) -> QuerySet[PossibleDuplicate]:
    """The possible duplicates the nightly search found among the people the user's agency registered, not yet
    merged or dismissed: the supervisor's list to work through."""
    agency = user.agency
    if agency is None or not user.has_capability(Capability.APPROVE_CASE_DECISIONS):
        return PossibleDuplicate.objects.none()
    return (
        PossibleDuplicate.objects.filter(
            Q(person__registered_by_agency=agency) | Q(candidate__registered_by_agency=agency),
            dismissed_at__isnull=True,
            person__merged_into__isnull=True,
            candidate__merged_into__isnull=True,
        )
        .select_related("person", "candidate")
        .order_by("-found_at", "pk")
    )


def duplicate_rows(user: User, pairs: list[PossibleDuplicate]) -> list[dict]:
    """Each pair as the supervisor reads it: their agency's record first, the other after it, named only where
    the supervisor may see it."""
    reachable = person_reachable_ids(user, {p.person_id for p in pairs} | {p.candidate_id for p in pairs})
    agency_id = user.agency.pk if user.agency else None
    rows = []
    for pair in pairs:
        own, other = pair.person, pair.candidate
        if own.registered_by_agency_id != agency_id:
            own, other = other, own
        rows.append(
            {
                "pair": pair,
                "own": own,
                "other": other,
                "own_reachable": own.pk in reachable,
                "other_reachable": other.pk in reachable,
            }
        )
    return rows


@dataclass
class PersonRecord:
    """What the register knows of a person across cases, as one reader may see it."""

    participations: list[Participant]  # in cases the reader may see, the case with it
    other_cases: int  # cases the reader may not see: a number, never which agency holds them
    incidents: list[Incident]  # in the cases the reader may see, where the person is an alleged perpetrator
    entries: list[RecordEntry]  # the modules' facts (protection orders and breaches, programmes)


def person_record_for(user: User, person: Person) -> PersonRecord:
    participations = list(
        Participant.objects.visible_to(user)
        .filter(person=person)
        .select_related("case", "case__owning_agency", "case__territory")
        .order_by("-case__opened_at", "pk")
    )
    all_cases = Participant.objects.filter(person=person).values("case_id").distinct().count()
    perpetrator_ids = [p.pk for p in participations if p.role == ParticipantRole.ALLEGED_PERPETRATOR]
    incidents = list(
        Incident.objects.visible_to(user)
        .filter(perpetrators__in=perpetrator_ids)
        .select_related("case", "territory")
        .distinct()
        .order_by("-occurred_at")
    )
    return PersonRecord(
        participations=participations,
        other_cases=all_cases - len({p.case_id for p in participations}),
        incidents=incidents,
        entries=record_entries(user, [p.pk for p in participations]),
    )


def perpetrators_elsewhere(user: User, case: Case) -> list[dict]:
    """The case's alleged perpetrators who are in other cases as well: how many (whoever holds them) and which of
    those the user may see. Three queries whatever the number of perpetrators or cases."""
    perpetrators = list(
        case.participants.filter(role=ParticipantRole.ALLEGED_PERPETRATOR).select_related("person").order_by("pk")
    )
    elsewhere = (
        Participant.objects.filter(person__in=[p.person_id for p in perpetrators])
        .exclude(case=case)
        .values_list("person_id", "case_id", "role")
    )
    by_person: dict[int, list[tuple[int, str]]] = {}
    for person_id, case_id, role in elsewhere:
        by_person.setdefault(person_id, []).append((case_id, role))
    other_ids = {case_id for rows in by_person.values() for case_id, _role in rows}
    visible = (
        {c.pk: c for c in Case.objects.visible_to(user, among=other_ids).order_by("-opened_at")} if other_ids else {}
    )
    result = []
    for participant in perpetrators:
        rows = by_person.get(participant.person_id, [])
        if not rows:
            continue
        result.append(
            {
                "participant": participant,
                "cases": len({case_id for case_id, _role in rows}),
                "as_perpetrator": len(
                    {case_id for case_id, role in rows if role == ParticipantRole.ALLEGED_PERPETRATOR}
                ),
                "visible": [visible[case_id] for case_id in dict.fromkeys(c for c, _r in rows) if case_id in visible],
            }
        )
    return result


def perpetrator_cases_elsewhere(case: Case) -> dict[int, int]:
    """For each alleged perpetrator of the case (participant id), in how many other cases the same person is an
    alleged perpetrator: what the risk instrument's "prior violence" question pre-marks as known from records."""
    perpetrators = dict(
        case.participants.filter(role=ParticipantRole.ALLEGED_PERPETRATOR).values_list("person_id", "pk")
    )
    counts = (
        Participant.objects.filter(person__in=list(perpetrators), role=ParticipantRole.ALLEGED_PERPETRATOR)
        .exclude(case=case)
        .values("person_id")
        .annotate(cases=Count("case_id", distinct=True))
    )
    return {perpetrators[row["person_id"]]: row["cases"] for row in counts}
