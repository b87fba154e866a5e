"""Writes for cases. Each service is atomic, checks the invariants it owns, writes the timeline and the audit log
(codes and identifiers only), and leaves nothing half-written when it refuses."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from concord.accounts.capabilities import Capability
from concord.accounts.choices import Role
from concord.accounts.models import Agency, User
from concord.accounts.selectors import agency_supervisors, case_staff_of
from concord.audit.services import audit_record
from concord.cases import classification
from concord.cases.choices import (
    CASE_TRANSITIONS,
    AttachmentKind,
    CaseAuditAction,
    CaseNotification,
    CaseStatus,
    ConsentGiver,
    ConsentPurpose,
    InvolvementBasis,
    ParticipantRole,
    PlanStatus,
    TaskStatus,
    TimelineKind,
    ViolenceAct,
)
from concord.cases.extension import CaseEvent, case_log, emit
from concord.cases.models import (
    Attachment,
    BreakGlassAccess,
    Case,
    CaseNumberSequence,
    CasePlan,
    Consent,
    ConsentAgeBand,
    Incident,
    Involvement,
    Note,
    Participant,
    PlanGoal,
    PlanTask,
)
from concord.cases.rules import is_owning_supervisor, may_edit_case
from concord.cases.selectors import (
    agencies_to_share_with,
    case_move_territories,
    case_territories_for,
    person_attachable,
    person_reachable_ids,
    sharing_consents,
)
from concord.common.transactions import service
from concord.common.uploads import checked_upload
from concord.countries.clock import country_local_date, country_today
from concord.countries.models import Country
from concord.notifications.services import notify
from concord.people.models import Person, PersonMerge, PossibleDuplicate
from concord.people.selectors import identity_of, person_candidates
from concord.people.services import store_match_tokens
from concord.territory.models import Territory


def _agency_of(actor: User) -> Agency:
    """The agency the actor acts for; staff without a membership cannot write case data."""
    agency = actor.agency
    if agency is None:
        raise PermissionDenied
    return agency


def _outside_country(case: Case, **chosen: Any) -> dict[str, str]:
    """Errors for the agencies, kinds of agency and places a request names that are not of the case's country:
    a page offers only those, and the server does not trust that it did."""
    country = case.territory.country_code
    errors = {}
    for field, value in chosen.items():
        if value is None:
            continue
        code = value.country_code if hasattr(value, "country_code") else value.territory.country_code
        if code != country:
            errors[field] = _("Choose one of the case's country.")
    return errors


def _ensure_may_edit(actor: User, case: Case) -> None:
    if not may_edit_case(actor, case):
        raise PermissionDenied


# ---- opening and numbering ---------------------------------------------------------------------------------------


def case_number_next(territory: Territory, year: int) -> str:
    """The next number for a district and year, in the country pack's format (e.g. AZ-BIN-2026-000123)."""
    country = Country.objects.get(code=territory.country_code)
    sequence, _created = CaseNumberSequence.objects.select_for_update().get_or_create(territory=territory, year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return country.case_number_format.format(territory=territory.code, year=year, number=sequence.last_number)


@service
def case_open(
    *,
    actor: User,
    survivor: Person,
    territory: Territory,
    lead_worker: User | None = None,
    opened_at: datetime.datetime | None = None,
) -> Case:
    """Open a case for `survivor` owned by the actor's agency; the actor leads it unless someone else is named.
    `opened_at` is for cases entered after the fact (imports, paper records); the number follows its year."""
    agency = _agency_of(actor)
    if not actor.has_capability(Capability.EDIT_CASES):
        raise PermissionDenied
    if not person_attachable(actor, survivor):
        raise PermissionDenied
    if territory.level < 2:
        raise ValidationError({"territory": _("Choose a district or city, not a whole region.")})
    if not case_territories_for(actor).filter(pk=territory.pk).exists():
        raise ValidationError({"territory": _("Choose a district or city of your jurisdiction.")})
    lead = lead_worker or actor
    if not case_staff_of(agency).filter(pk=lead.pk).exists():
        raise ValidationError({"lead_worker": _("The lead worker must work on cases in your agency.")})
    opened = opened_at or timezone.now()
    if opened > timezone.now():
        raise ValidationError({"opened_at": _("A case cannot be opened in the future.")})
    case = Case.objects.create(
        # The year where the case is: at 00:30 on 1 January there, it is a case of the new year.
        number=case_number_next(territory, country_local_date(territory.country_code, opened).year),
        territory=territory,
        owning_agency=agency,
        lead_worker=lead,
        opened_at=opened,
    )
    Participant.objects.create(case=case, person=survivor, role=ParticipantRole.SURVIVOR)
    Involvement.objects.create(
        case=case, agency=agency, basis=InvolvementBasis.OWNER, sensitive_access=True, granted_by=actor
    )
    case_log(
        case=case,
        actor=actor,
        kind=TimelineKind.CASE_OPENED,
        action=CaseAuditAction.CASE_OPENED,
        territory=territory.code,
    )
    emit(CaseEvent.CASE_OPENED, case_id=case.pk, object_id=case.pk, actor_id=actor.pk)
    return case


@service
def participant_add(
    *,
    actor: User,
    case: Case,
    person: Person,
    role: str,
    relationship: str = "",
    lives_with_survivor: bool = False,
) -> Participant:
    _ensure_may_edit(actor, case)
    if not person_attachable(actor, person):
        raise PermissionDenied
    if role == ParticipantRole.SURVIVOR:
        raise ValidationError({"role": _("A case has exactly one survivor.")})
    if case.participants.filter(person=person).exists():
        raise ValidationError({"person": _("This person is already part of the case.")})
    participant = Participant.objects.create(
        case=case, person=person, role=role, relationship=relationship, lives_with_survivor=lives_with_survivor
    )
    case_log(case=case, actor=actor, kind=TimelineKind.PARTICIPANT_ADDED, target=participant, role=role)
    emit(CaseEvent.PARTICIPANT_ADDED, case_id=case.pk, object_id=participant.pk, actor_id=actor.pk)
    return participant


# ---- incidents ---------------------------------------------------------------------------------------------------


def _age_on(person: Person, day: datetime.date) -> int | None:
    return classification.youngest_possible_age(birth_date=person.birth_date, birth_year=person.birth_year, on=day)


@service
def incident_record(
    *,
    actor: User,
    case: Case,
    occurred_at: datetime.datetime,
    reported_at: datetime.datetime,
    place_type: str,
    territory: Territory,
    acts: Iterable[str],
    reporting_agency: Agency,
    injury: str,
    weapon: str,
    children_present: bool = False,
    children_witnessed: bool = False,
    perpetrators: Iterable[Participant] = (),
    narrative: str = "",
    sexual_violence_details: str = "",
    medical_details: str = "",
) -> Incident:
    """Record an incident; its GBVIMS type and context are derived here, never entered."""
    _ensure_may_edit(actor, case)
    acts = sorted(set(acts))
    perpetrators = list(perpetrators)
    now = timezone.now()
    errors: dict[str, str] = {}
    if not acts:
        errors["acts"] = _("Choose at least one form of violence.")
    elif not set(acts) <= set(ViolenceAct.values):
        errors["acts"] = _("Unknown form of violence.")
    if occurred_at > now:
        errors["occurred_at"] = _("The incident cannot be in the future.")
    if reported_at > now:
        errors["reported_at"] = _("The report cannot be in the future.")
    elif reported_at < occurred_at:
        errors["reported_at"] = _("The report cannot come before the incident.")
    survivor = case.participants.select_related("person").get(role=ParticipantRole.SURVIVOR)
    birth = survivor.person.birth_date
    # Days of the incident and the report as they were where the case is.
    occurred_on = country_local_date(case.territory.country_code, occurred_at)
    reported_on = country_local_date(case.territory.country_code, reported_at)
    if birth and occurred_on < birth:
        errors["occurred_at"] = _("The incident cannot be before the survivor's date of birth.")
    errors |= _outside_country(case, territory=territory, reporting_agency=reporting_agency)
    if territory.level < 2:
        errors["territory"] = _("Choose a district or city, not a whole region.")
    if any(p.case_id != case.pk or p.role != ParticipantRole.ALLEGED_PERPETRATOR for p in perpetrators):
        errors["perpetrators"] = _("Choose alleged perpetrators of this case.")
    if errors:
        raise ValidationError(errors)

    core_type = classification.gbvims_type(acts)
    incident = Incident.objects.create(
        case=case,
        occurred_at=occurred_at,
        reported_at=reported_at,
        place_type=place_type,
        territory=territory,
        acts=acts,
        reporting_agency=reporting_agency,
        injury=injury,
        weapon=weapon,
        children_present=children_present or children_witnessed,
        children_witnessed=children_witnessed,
        narrative=narrative,
        sexual_violence_details=sexual_violence_details,
        medical_details=medical_details,
        gbvims_type=core_type,
        contexts=classification.case_contexts(
            core_type=core_type,
            acts=acts,
            relationships=[perpetrator.relationship for perpetrator in perpetrators],
            survivor_age=_age_on(survivor.person, occurred_on),
        ),
        is_physical=bool(set(acts) & classification.PHYSICAL_ACTS),
        is_sexual=bool(set(acts) & classification.SEXUAL_ACTS),
        is_psychological=bool(set(acts) & classification.PSYCHOLOGICAL_ACTS),
        is_economic=bool(set(acts) & classification.ECONOMIC_ACTS),
        report_delay_days=(reported_on - occurred_on).days,
        recorded_by=actor,
    )
    incident.perpetrators.set(perpetrators)
    case_log(case=case, actor=actor, kind=TimelineKind.INCIDENT_RECORDED, target=incident, gbvims_type=core_type)
    emit(CaseEvent.INCIDENT_RECORDED, case_id=case.pk, object_id=incident.pk, actor_id=actor.pk)
    return incident


def incident_set_flags(*, incident: Incident, is_repeat: bool, is_escalation: bool, version: str) -> Incident:
    """The repeat and escalation flags a module worked out for an incident (risk), with its rules' version."""
    incident.is_repeat, incident.is_escalation, incident.flag_rules_version = is_repeat, is_escalation, version
    # Worked out from the incidents and the pack's rules, so no history row: a raised flag goes on the timeline.
    Incident.objects.filter(pk=incident.pk).update(
        is_repeat=is_repeat, is_escalation=is_escalation, flag_rules_version=version
    )
    return incident


def case_set_risk_standing(
    *,
    case: Case,
    level: int | None,
    assessed_at: datetime.datetime | None,
    next_review_on: datetime.date | None,
) -> Case:
    """The case's standing risk level and next review, as the risk module works them out; lists, filters, the
    work list and the other modules read them from the case."""
    case.risk_level, case.risk_assessed_at, case.next_risk_review_on = level, assessed_at, next_review_on
    case.updated_at = timezone.now()
    # Worked out from the assessments, which keep their own history: a history row of the case would add nothing.
    Case.objects.filter(pk=case.pk).update(
        risk_level=level, risk_assessed_at=assessed_at, next_risk_review_on=next_review_on, updated_at=case.updated_at
    )
    return case


# ---- notes and documents -----------------------------------------------------------------------------------------


@service
def note_add(*, actor: User, case: Case, text: str, is_sensitive: bool = False) -> Note:
    _ensure_may_edit(actor, case)
    if not text.strip():
        raise ValidationError({"text": _("The note is empty.")})
    note = Note.objects.create(
        case=case, author=actor, agency=_agency_of(actor), text=text.strip(), is_sensitive=is_sensitive
    )
    case_log(case=case, actor=actor, kind=TimelineKind.NOTE_ADDED, target=note, sensitive=is_sensitive)
    return note


@service
def attachment_add(
    *, actor: User, case: Case, upload: UploadedFile, kind: str, is_sensitive: bool = False
) -> Attachment:
    _ensure_may_edit(actor, case)
    if kind not in AttachmentKind.values:
        raise ValidationError({"kind": _("Choose the kind of document.")})
    content_type = checked_upload(upload)
    attachment = Attachment.objects.create(
        case=case,
        kind=kind,
        original_name=(upload.name or "document")[:255],
        content_type=content_type,
        size=upload.size or 0,
        is_sensitive=is_sensitive,
        uploaded_by=actor,
        agency=_agency_of(actor),
    )
    case_log(case=case, actor=actor, kind=TimelineKind.ATTACHMENT_ADDED, target=attachment, document_kind=kind)
    # The file is written last, so any refusal above leaves nothing on disk. (A failure later in an enclosing
    # transaction can leave an encrypted file no row points at; it is unreadable without the keys.)
    attachment.file.save("upload", upload, save=True)
    return attachment


# ---- consent and sharing ----------------------------------------------------------------------------------------


def consent_requirement(participant: Participant, on: datetime.date) -> str:
    """Who must consent for this person today, by the country pack's age bands in force."""
    age = _age_on(participant.person, on)
    if age is None:
        return "self"
    bands = ConsentAgeBand.objects.filter(
        country__code=participant.case.territory.country_code, effective_from__lte=on, from_age__lte=age
    ).order_by("-effective_from", "-from_age")
    band = bands.first()
    return band.requirement if band else "self"


@service
def consent_record(
    *,
    actor: User,
    case: Case,
    participant: Participant,
    purpose: str,
    method: str,
    recipient_agency: Agency | None = None,
    recipient_kind=None,
    given_by: str = ConsentGiver.SELF,
    caregiver: Participant | None = None,
    child_assent: bool | None = None,
    includes_sensitive: bool = False,
) -> Consent:
    _ensure_may_edit(actor, case)
    errors: dict[str, str] = {}
    if participant.case_id != case.pk:
        errors["participant"] = _("Choose a person of this case.")
    if purpose != ConsentPurpose.STATISTICS and not (recipient_agency or recipient_kind):
        errors["recipient_agency"] = _("Name the agency or kind of agency the consent is for.")
    errors |= _outside_country(case, recipient_agency=recipient_agency, recipient_kind=recipient_kind)
    requirement = consent_requirement(participant, country_today(case.territory.country_code))
    needs_caregiver = requirement in {"caregiver", "caregiver_and_assent", "child_and_caregiver"}
    if needs_caregiver and caregiver is None:
        errors["caregiver"] = _("For a child of this age a caregiver's consent is required.")
    if caregiver is not None:
        if caregiver.case_id != case.pk or caregiver.pk == participant.pk:
            errors["caregiver"] = _("Choose another person of this case as the caregiver.")
        elif caregiver.role == ParticipantRole.ALLEGED_PERPETRATOR or caregiver.incident_set.exists():
            errors["caregiver"] = _("An alleged perpetrator cannot give consent for the child.")
    if requirement == "caregiver_and_assent" and not child_assent:
        errors["child_assent"] = _("Record that the child agrees, in words they understand.")
    if requirement == "caregiver":
        given_by = ConsentGiver.CAREGIVER
    if errors:
        raise ValidationError(errors)
    consent = Consent.objects.create(
        case=case,
        participant=participant,
        purpose=purpose,
        recipient_agency=recipient_agency,
        recipient_kind=recipient_kind,
        method=method,
        given_by=given_by,
        caregiver=caregiver,
        child_assent=child_assent,
        includes_sensitive=includes_sensitive,
        recorded_by=actor,
    )
    case_log(
        case=case,
        actor=actor,
        kind=TimelineKind.CONSENT_RECORDED,
        target=consent,
        action=CaseAuditAction.CONSENT_RECORDED,
        purpose=purpose,
    )
    return consent


@service
def consent_withdraw(*, actor: User, consent: Consent) -> Consent:
    """Withdrawal ends every share that rests on this consent at once."""
    case = consent.case
    _ensure_may_edit(actor, case)
    if consent.withdrawn_at:
        return consent
    consent.withdrawn_at, consent.withdrawn_by = timezone.now(), actor
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    ended = Involvement.objects.filter(consent=consent, ended_at__isnull=True).update(ended_at=timezone.now())
    case_log(
        case=case,
        actor=actor,
        kind=TimelineKind.CONSENT_WITHDRAWN,
        target=consent,
        action=CaseAuditAction.CONSENT_WITHDRAWN,
        shares_ended=ended,
    )
    return consent


@service
def case_share(
    *,
    actor: User,
    case: Case,
    agency: Agency,
    consent: Consent | None = None,
    legal_exception: str = "",
    justification: str = "",
) -> Involvement:
    """Share a case with another agency: on the survivor's consent for that recipient, or on a legal exception
    with a written justification. Sensitive sections follow only where the consent includes them."""
    _ensure_may_edit(actor, case)
    errors: dict[str, str] = {}
    if Involvement.objects.filter(case=case, agency=agency, ended_at__isnull=True).exists():
        errors["agency"] = _("This agency is already involved in the case.")
    elif not agencies_to_share_with(case).filter(pk=agency.pk).exists():
        errors["agency"] = _("Choose an active agency of the case's country.")
    if consent is not None:
        if not (sharing_consents(case).filter(pk=consent.pk).exists() and consent.covers(agency)):
            errors["consent"] = _("This consent does not cover sharing with that agency.")
    elif not legal_exception:
        errors["consent"] = _("Sharing needs the survivor's consent or a legal exception.")
    elif len(justification.strip()) < 20:
        errors["justification"] = _("Explain in a few sentences why the exception applies.")
    if errors:
        raise ValidationError(errors)
    involvement = Involvement.objects.create(
        case=case,
        agency=agency,
        basis=InvolvementBasis.SHARE,
        consent=consent,
        legal_exception="" if consent else legal_exception,
        justification="" if consent else justification.strip(),
        sensitive_access=bool(consent and consent.includes_sensitive),
        granted_by=actor,
    )
    case_log(
        case=case,
        actor=actor,
        kind=TimelineKind.CASE_SHARED,
        target=involvement,
        action=CaseAuditAction.CASE_SHARED,
        agency=agency.code,
        legal_exception=involvement.legal_exception,
    )
    recipients = User.objects.filter(
        memberships__agency=agency,
        memberships__is_active=True,
        memberships__role__in=[Role.SUPERVISOR, Role.COORDINATOR],
    )
    notify(recipients=recipients, kind=CaseNotification.CASE_SHARED, case=case)
    return involvement


# ---- status and closure ------------------------------------------------------------------------------------------


@service
def case_transition(*, actor: User, case: Case, to_status: str) -> Case:
    """The one place status changes; closing goes through case_request_closure and case_decide_closure."""
    _ensure_may_edit(actor, case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if to_status not in CASE_TRANSITIONS[CaseStatus(case.status)] or to_status == CaseStatus.CLOSED:
        raise ValidationError({"status": _("A case cannot move from this status to that one.")})
    old = case.status
    case.status = to_status
    if to_status == CaseStatus.REOPENED:
        case.closed_at = None
    case.save(update_fields=["status", "closed_at", "updated_at"])
    case_log(
        case=case,
        actor=actor,
        kind=TimelineKind.STATUS_CHANGED,
        action=CaseAuditAction.CASE_STATUS_CHANGED,
        old=old,
        new=to_status,
    )
    if to_status == CaseStatus.REOPENED:
        emit(CaseEvent.CASE_REOPENED, case_id=case.pk, object_id=case.pk, actor_id=actor.pk)
    return case


@service
def case_request_closure(*, actor: User, case: Case, reason: str) -> Case:
    _ensure_may_edit(actor, case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"status": _("The case is already closed.")})
    if len(reason.strip()) < 10:
        raise ValidationError({"reason": _("Give the reason for closing the case.")})
    case.closure_requested_by, case.closure_requested_at = actor, timezone.now()
    case.closure_reason = reason.strip()
    case.save(update_fields=["closure_requested_by", "closure_requested_at", "closure_reason", "updated_at"])
    case_log(case=case, actor=actor, kind=TimelineKind.CLOSURE_REQUESTED, action=CaseAuditAction.CASE_STATUS_CHANGED)
    notify(recipients=agency_supervisors(case.owning_agency), kind=CaseNotification.CLOSURE_REQUESTED, case=case)
    return case


@service
def case_decide_closure(*, actor: User, case: Case, approve: bool) -> Case:
    """A supervisor of the owning agency approves or rejects a pending closure."""
    if not is_owning_supervisor(actor, case):
        raise PermissionDenied
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.closure_requested_at is None:
        raise ValidationError({"status": _("No closure is waiting for approval.")})
    old = case.status
    if approve:
        case.status, case.closed_at = CaseStatus.CLOSED, timezone.now()
    else:
        case.closure_reason = ""
    case.closure_requested_by = None
    case.closure_requested_at = None
    case.save()
    kind = TimelineKind.CLOSURE_APPROVED if approve else TimelineKind.CLOSURE_REJECTED
    case_log(case=case, actor=actor, kind=kind, action=CaseAuditAction.CASE_STATUS_CHANGED, old=old, new=case.status)
    if approve:
        emit(CaseEvent.CASE_CLOSED, case_id=case.pk, object_id=case.pk, actor_id=actor.pk)
    return case


@service
def case_set_lead_worker(*, actor: User, case: Case, lead_worker: User) -> Case:
    if not actor.has_perm("cases.set_lead_worker", case):
        raise PermissionDenied
    if not case_staff_of(case.owning_agency).filter(pk=lead_worker.pk).exists():
        raise ValidationError({"lead_worker": _("The lead worker must work on cases in the owning agency.")})
    case.lead_worker = lead_worker
    case.save(update_fields=["lead_worker", "updated_at"])
    case_log(case=case, actor=actor, kind=TimelineKind.LEAD_WORKER_CHANGED)
    return case


@service
def case_move(*, actor: User, case: Case, territory: Territory) -> Case:
    """The survivor moved: the case follows her to the district she now lives in, keeping its number, its owner
    and its history. Whoever sees it through a territory (coordinators, the district's monitoring group) changes
    with it, which the timeline and the modules listening to CASE_MOVED make visible."""
    if not actor.has_perm("cases.move_case", case):
        raise PermissionDenied
    case = Case.objects.select_for_update().select_related("territory").get(pk=case.pk)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"territory": _("A closed case does not move; reopen it first.")})
    if territory.pk == case.territory_id:
        raise ValidationError({"territory": _("The case is already in this district.")})
    if not case_move_territories(case).filter(pk=territory.pk).exists():
        raise ValidationError({"territory": _("Choose a district or city of the case's country.")})
    left = case.territory
    case.territory = territory
    case.save(update_fields=["territory", "updated_at"])
    case_log(
        case=case,
        actor=actor,
        kind=TimelineKind.CASE_MOVED,
        action=CaseAuditAction.CASE_MOVED,
        old=left.code,
        new=territory.code,
    )
    emit(CaseEvent.CASE_MOVED, case_id=case.pk, object_id=left.pk, actor_id=actor.pk)
    return case


# ---- one person registered twice: merges ----------------------------------------------------------------------


def _ensure_candidate(person: Person, other: Person) -> None:
    """The other record must be one that matching offers for this person: an id sent by hand is checked again."""
    if other.pk == person.pk:
        raise ValidationError({"other": _("A record cannot be merged with itself.")})
    if other.merged_into_id or other.pk not in person_candidates(identity_of(person)):
        raise ValidationError({"other": _("Choose one of the possible duplicates listed.")})


def _repoint(
    *, actor: User, merge: PersonMerge, participations: list[Participant], to: Person, undo: bool = False
) -> None:
    """Point the participations at `to` and say so: one audit event for the merge (ids only), a line on the
    timeline of every case of the kept person and of the merged record, and a word to the supervisors of the
    agencies owning those cases other than the actor's: their case now points at a different record."""
    for participation in participations:
        participation.person = to
        participation.save(update_fields=["person"])  # the participation's history keeps whom it pointed at
    action = CaseAuditAction.PERSONS_UNMERGED if undo else CaseAuditAction.PERSONS_MERGED
    details = {"kept": merge.kept_id, "merged": merge.merged_id, "participations": len(participations)}
    audit_record(action=action, actor=actor, target=merge, details=details)
    moved = {p.pk for p in participations}
    others = Participant.objects.filter(person_id=merge.kept_id).exclude(pk__in=moved).select_related("case")
    cases = {p.case_id: p.case for p in [*participations, *others]}
    kind = TimelineKind.PERSON_UNMERGED if undo else TimelineKind.PERSON_MERGED
    notification = CaseNotification.PERSON_UNMERGED if undo else CaseNotification.PERSON_MERGED
    agency = actor.agency
    for case in cases.values():
        case_log(case=case, actor=actor, kind=kind, target=merge, action=action)
        if agency is None or case.owning_agency_id != agency.pk:
            notify(recipients=agency_supervisors(case.owning_agency_id), kind=notification, case=case)


@service
def person_merge(*, actor: User, kept: Person, merged: Person, reason: str) -> PersonMerge:
    """Two records are one human being: the participations of `merged` move to `kept`, `merged` stays as it was
    (values and history) but points at `kept` and is no longer found by matching. Undone by person_unmerge."""
    if not actor.has_perm("people.review_duplicates", kept):
        raise PermissionDenied
    _ensure_candidate(kept, merged)
    if merged.pk not in person_reachable_ids(actor, [merged.pk]):
        raise ValidationError({"other": _("Choose one of the possible duplicates listed.")})
    # Both rows locked in id order, so two supervisors merging the same pair the other way round cannot cross.
    locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[kept.pk, merged.pk]).order_by("pk")}
    kept, merged = locked[kept.pk], locked[merged.pk]
    errors: dict[str, str] = {}
    if kept.merged_into_id or merged.merged_into_id:
        errors["other"] = _("One of these records was already merged into another.")
    elif PersonMerge.objects.filter(kept=merged, undone_at__isnull=True).exists():
        # Merges do not chain, so that each can be undone on its own.
        errors["other"] = _("Other records were merged into this one: merge into it instead.")
    elif kept.national_id_key and merged.national_id_key and kept.national_id_key != merged.national_id_key:
        errors["other"] = _("Their national ID numbers differ: they are two people.")
    elif Participant.objects.filter(person=kept, case__participants__person=merged).exists():
        errors["other"] = _("Both records take part in the same case: one case cannot hold a person twice.")
    if not reason.strip():
        errors["reason"] = _("Say why they are the same person.")
    if errors:
        raise ValidationError(errors)
    participations = list(Participant.objects.filter(person=merged).select_related("case").order_by("pk"))
    merged.merged_into = kept
    merged.save(update_fields=["merged_into"])
    store_match_tokens(merged)
    merge = PersonMerge.objects.create(
        kept=kept,
        merged=merged,
        participations=[p.pk for p in participations],
        reason=reason.strip(),
        agency=_agency_of(actor),
        merged_by=actor,
    )
    PossibleDuplicate.objects.filter(Q(person=merged) | Q(candidate=merged), dismissed_at__isnull=True).delete()
    _repoint(actor=actor, merge=merge, participations=participations, to=kept)
    return merge


def may_unmerge(user: User, merge: PersonMerge) -> bool:
    """A supervisor of the agency that merged, or of the one that registered the kept record."""
    agency = getattr(user, "agency", None)
    if agency is None or not user.has_capability(Capability.APPROVE_CASE_DECISIONS):
        return False
    return agency.pk in (merge.agency_id, merge.kept.registered_by_agency_id)


@service
def person_unmerge(*, actor: User, merge: PersonMerge) -> PersonMerge:
    """Undo a merge: the participations it moved go back to the merged record, which matching finds again. What
    was recorded in those cases since stays where it was written (on the participation, not on the person)."""
    if not may_unmerge(actor, merge):
        raise PermissionDenied
    merge = PersonMerge.objects.select_for_update().select_related("kept", "merged").get(pk=merge.pk)
    if merge.undone_at is not None:
        raise ValidationError({"merge": _("This merge was already undone.")})
    participations = list(
        Participant.objects.filter(pk__in=merge.participations, person=merge.kept).select_related("case").order_by("pk")
    )
    merged = merge.merged
    merged.merged_into = None
    merged.save(update_fields=["merged_into"])
    store_match_tokens(merged)
    merge.undone_at = timezone.now()
    merge.undone_by = actor
    merge.save(update_fields=["undone_at", "undone_by"])
    _repoint(actor=actor, merge=merge, participations=participations, to=merged, undo=True)
    return merge


@service
def duplicate_dismiss(*, actor: User, person: Person, other: Person) -> PossibleDuplicate:
    """Two records that matching offers are two people: the pair is no longer listed for either agency."""
    if not actor.has_perm("people.review_duplicates", person):
        raise PermissionDenied
    _ensure_candidate(person, other)
    low, high = sorted([person, other], key=lambda p: p.pk)
    pair, _created = PossibleDuplicate.objects.get_or_create(
        person=low, candidate=high, defaults={"band": "possible", "score": 0.0}
    )
    if pair.dismissed_at is None:
        pair.dismissed_at = timezone.now()
        pair.dismissed_by = actor
        pair.save(update_fields=["dismissed_at", "dismissed_by"])
        audit_record(
            action=CaseAuditAction.DUPLICATE_DISMISSED,
            actor=actor,
            target=pair,
            details={"person": person.pk, "other": other.pk},
        )
    return pair


# ---- break-glass -------------------------------------------------------------------------------------------------


@service
def break_glass_open(*, actor: User, case: Case, reason: str) -> BreakGlassAccess:
    """Emergency access for a limited time. The reason is kept encrypted; the owning agency's supervisors and
    the actor's own supervisors are told at once."""
    if not actor.has_capability(Capability.BREAK_GLASS):
        raise PermissionDenied
    if len(reason.strip()) < 20:
        raise ValidationError({"reason": _("Explain in a few sentences why you need this case now.")})
    grant = BreakGlassAccess.objects.create(
        case=case,
        user=actor,
        agency=_agency_of(actor),
        reason=reason.strip(),
        expires_at=timezone.now() + datetime.timedelta(minutes=settings.BREAK_GLASS_MINUTES),
    )
    case_log(
        case=case,
        actor=actor,
        kind=TimelineKind.BREAK_GLASS,
        target=grant,
        action=CaseAuditAction.BREAK_GLASS,
        minutes=settings.BREAK_GLASS_MINUTES,
    )
    recipients = list(agency_supervisors(case.owning_agency)) + list(agency_supervisors(_agency_of(actor)))
    notify(recipients=[user for user in recipients if user != actor], kind=CaseNotification.BREAK_GLASS, case=case)
    return grant


# ---- case plan ---------------------------------------------------------------------------------------------------


def _plan_for(case: Case) -> CasePlan:
    plan, _created = CasePlan.objects.get_or_create(case=case)
    return plan


@service
def plan_goal_add(*, actor: User, case: Case, text: str) -> PlanGoal:
    _ensure_may_edit(actor, case)
    if not text.strip():
        raise ValidationError({"text": _("Describe the goal.")})
    plan = _plan_for(case)
    goal = PlanGoal.objects.create(plan=plan, text=text.strip(), order=plan.goals.count())
    if plan.status != PlanStatus.DRAFT:
        plan.status = PlanStatus.DRAFT  # a changed plan needs approval again
        plan.save(update_fields=["status"])
    case_log(case=case, actor=actor, kind=TimelineKind.PLAN_GOAL_ADDED, target=goal)
    return goal


@service
def plan_task_add(
    *,
    actor: User,
    goal: PlanGoal,
    description: str,
    responsible_agency: Agency,
    due_on: datetime.date | None = None,
) -> PlanTask:
    case = goal.plan.case
    _ensure_may_edit(actor, case)
    if not description.strip():
        raise ValidationError({"description": _("Describe the task.")})
    if due_on and due_on < country_today(case.territory.country_code):
        raise ValidationError({"due_on": _("The due date cannot be in the past.")})
    if errors := _outside_country(case, responsible_agency=responsible_agency):
        raise ValidationError(errors)
    task = PlanTask.objects.create(
        goal=goal, description=description.strip(), responsible_agency=responsible_agency, due_on=due_on
    )
    case_log(case=case, actor=actor, kind=TimelineKind.PLAN_TASK_ADDED, target=task, agency=responsible_agency.code)
    return task


@service
def plan_task_set_status(*, actor: User, task: PlanTask, status: str) -> PlanTask:
    case = task.goal.plan.case
    _ensure_may_edit(actor, case)
    if status not in TaskStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    task.status = status
    task.save(update_fields=["status"])
    case_log(case=case, actor=actor, kind=TimelineKind.PLAN_TASK_STATUS, target=task, status=status)
    return task


@service
def plan_submit(*, actor: User, case: Case) -> CasePlan:
    _ensure_may_edit(actor, case)
    plan = _plan_for(case)
    if not plan.goals.exists():
        raise ValidationError({"plan": _("Add at least one goal before submitting the plan.")})
    plan.status = PlanStatus.SUBMITTED
    plan.save(update_fields=["status"])
    case_log(case=case, actor=actor, kind=TimelineKind.PLAN_SUBMITTED, target=plan)
    notify(recipients=agency_supervisors(case.owning_agency), kind=CaseNotification.PLAN_SUBMITTED, case=case)
    return plan


@service
def plan_approve(*, actor: User, case: Case) -> CasePlan:
    if not is_owning_supervisor(actor, case):
        raise PermissionDenied
    plan = _plan_for(case)
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError({"plan": _("Only a submitted plan can be approved.")})
    plan.status, plan.approved_by, plan.approved_at = PlanStatus.APPROVED, actor, timezone.now()
    plan.save(update_fields=["status", "approved_by", "approved_at"])
    case_log(case=case, actor=actor, kind=TimelineKind.PLAN_APPROVED, target=plan)
    return plan


# ---- intake ------------------------------------------------------------------------------------------------------


@service
def case_intake(
    *,
    actor: User,
    territory: Territory,
    survivor: dict[str, Any],
    existing_survivor: Person | None = None,
    perpetrator: dict[str, Any] | None = None,
    perpetrator_relationship: str = "",
    children: Iterable[dict[str, Any]] = (),
    incident: dict[str, Any],
    consent_services: bool = False,
    consent_sharing_kinds: Iterable[Any] = (),
    consent_statistics: bool = False,
    consent_method: str = "verbal",
) -> Case:
    """The intake wizard's four steps in one transaction: survivor → household and perpetrator → incident →
    consent. Any refusal leaves nothing behind."""
    from concord.people.services import person_create

    def person_errors(prefix: str, error: ValidationError) -> ValidationError:
        return ValidationError({f"{prefix}{field}": messages for field, messages in error.message_dict.items()})

    try:
        survivor_person = existing_survivor or person_create(agency=actor.agency, **survivor)
    except ValidationError as error:
        raise person_errors("survivor_", error) from None
    case = case_open(actor=actor, survivor=survivor_person, territory=territory)
    perpetrators = []
    if perpetrator and perpetrator.get("given_name"):
        try:
            person = person_create(agency=actor.agency, **perpetrator)
        except ValidationError as error:
            raise person_errors("perpetrator_", error) from None
        perpetrators.append(
            participant_add(
                actor=actor,
                case=case,
                person=person,
                role=ParticipantRole.ALLEGED_PERPETRATOR,
                relationship=perpetrator_relationship,
            )
        )
    for child in children:
        lives_with = child.pop("lives_with_survivor", True)
        try:
            person = person_create(agency=actor.agency, **child)
        except ValidationError as error:
            raise person_errors("child_", error) from None
        participant_add(
            actor=actor,
            case=case,
            person=person,
            role=ParticipantRole.CHILD,
            relationship="child",
            lives_with_survivor=lives_with,
        )
    try:
        incident_record(actor=actor, case=case, perpetrators=perpetrators, **incident)
    except ValidationError as error:
        raise ValidationError(
            {f"incident_{field}": messages for field, messages in error.message_dict.items()}
        ) from None
    survivor_participant = case.participants.get(role=ParticipantRole.SURVIVOR)
    if consent_services:
        consent_record(
            actor=actor,
            case=case,
            participant=survivor_participant,
            purpose=ConsentPurpose.SERVICES,
            method=consent_method,
            recipient_agency=actor.agency,
        )
    for kind in consent_sharing_kinds:
        consent_record(
            actor=actor,
            case=case,
            participant=survivor_participant,
            purpose=ConsentPurpose.INFORMATION_SHARING,
            method=consent_method,
            recipient_kind=kind,
        )
    if consent_statistics:
        consent_record(
            actor=actor,
            case=case,
            participant=survivor_participant,
            purpose=ConsentPurpose.STATISTICS,
            method=consent_method,
        )
    return case
