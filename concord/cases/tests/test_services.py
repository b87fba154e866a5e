import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from concord.audit.models import AuditEvent
from concord.cases import services
from concord.cases.choices import (
    CaseAuditAction,
    CaseContext,
    CaseStatus,
    ConsentMethod,
    ConsentPurpose,
    GbvType,
    LegalException,
    ParticipantRole,
    Relationship,
    ViolenceAct,
)
from concord.cases.models import Attachment, Case, Involvement
from concord.cases.selectors import case_sensitive_allowed, note_list
from concord.cases.tests.factories import freeze_now, open_case, other_country, record_incident, set_time_zone
from concord.notifications.models import Notification
from concord.people.services import person_create

pytestmark = pytest.mark.django_db


def test_case_numbers_follow_the_pack_format_per_district_and_year(cast):
    first, second = open_case(cast), open_case(cast, given_name="Leyla", national_id="")
    year = timezone.localdate().year
    assert first.number == f"TT-DA-{year}-000001" and second.number == f"TT-DA-{year}-000002"
    assert Involvement.objects.get(case=first).agency == cast.agency_a
    assert first.lead_worker == cast["caseworker"]
    assert AuditEvent.objects.filter(action=CaseAuditAction.CASE_OPENED, case_id=first.pk).exists()


def test_numbering_takes_the_year_where_the_case_is_not_the_servers(cast):
    set_time_zone("tt", "Pacific/Auckland")
    moment = datetime.datetime(2025, 12, 31, 11, 30, tzinfo=datetime.UTC)  # 00:30 on 1 January 2026 in Auckland
    assert timezone.localtime(moment, timezone.get_default_timezone()).year == 2025  # 15:30 in Baku, the server's
    case = open_case(cast, opened_at=moment)
    assert case.number == "TT-DA-2026-000001"


def test_numbering_of_two_countries_follows_each_ones_zone(cast):
    set_time_zone("tt", "Pacific/Auckland")
    bogota = other_country("uu", "America/Bogota")
    # 03:00 UTC on 1 January: 22:00 on 31 December in Bogota (UTC-5), 07:00 on 1 January on the server (Baku).
    moment = datetime.datetime(2026, 1, 1, 3, 0, tzinfo=datetime.UTC)
    here = open_case(cast, opened_at=moment)
    there = open_case(cast, actor=bogota.caseworker, territory=bogota.district, opened_at=moment)
    assert here.number == "TT-DA-2026-000001" and there.number == "UU-D1-2025-000001"


def test_incident_days_are_days_where_the_case_is(cast):
    set_time_zone("tt", "Pacific/Auckland")
    case = open_case(cast)
    # 23:00 on 10 June and 01:00 on 11 June in Auckland (UTC+12); the same day in UTC and in Baku.
    occurred = datetime.datetime(2026, 6, 10, 11, 0, tzinfo=datetime.UTC)
    incident = record_incident(cast, case, occurred_at=occurred, reported_at=occurred + datetime.timedelta(hours=2))
    assert incident.report_delay_days == 1


def test_a_task_due_today_in_the_cases_country_is_not_in_the_past(cast, monkeypatch):
    set_time_zone("tt", "Pacific/Auckland")
    case = open_case(cast)
    goal = services.plan_goal_add(actor=cast["caseworker"], case=case, text="Safe housing")
    freeze_now(monkeypatch, datetime.datetime(2026, 3, 4, 12, 0, tzinfo=datetime.UTC))  # 5 March, 01:00 there
    kwargs = {"actor": cast["caseworker"], "goal": goal, "responsible_agency": cast.agency_a}
    task = services.plan_task_add(description="Call the shelter", due_on=datetime.date(2026, 3, 5), **kwargs)
    assert task.due_on == datetime.date(2026, 3, 5)
    with pytest.raises(ValidationError) as refused:
        services.plan_task_add(description="Too late", due_on=datetime.date(2026, 3, 4), **kwargs)
    assert "due_on" in refused.value.message_dict


VISIBILITY = {
    "caseworker": True,
    "supervisor": True,
    "coordinator": True,  # district A is the coordinator's jurisdiction
    "group_member": False,
    "analyst": False,
    "agency_admin": False,
    "system_admin": False,
    "auditor": False,
    "caseworker_other_agency": False,
    "caseworker_other_district": False,
    "agency_admin_other_district": False,
}


@pytest.mark.parametrize(("persona", "visible"), VISIBILITY.items())
def test_visible_to_follows_involvement_and_jurisdiction(cast, persona, visible):
    case = open_case(cast)
    assert Case.objects.visible_to(cast[persona]).filter(pk=case.pk).exists() is visible


def test_only_involved_caseworkers_may_edit(cast):
    case = open_case(cast)
    assert Case.objects.visible_to(cast["caseworker"], "edit").filter(pk=case.pk).exists()
    with pytest.raises(PermissionDenied):
        services.note_add(actor=cast["caseworker_other_district"], case=case, text="Not mine")


def test_break_glass_opens_one_case_for_a_while_and_tells_the_supervisors(cast, settings):
    case = open_case(cast)
    outsider = cast["coordinator"]
    other = open_case(cast, territory=cast.district_b, actor_name="caseworker_other_district")
    assert not Case.objects.visible_to(outsider).filter(pk=other.pk).exists()
    with pytest.raises(ValidationError):
        services.break_glass_open(actor=outsider, case=other, reason="short")
    grant = services.break_glass_open(actor=outsider, case=other, reason="She called the hotline, he is at the door.")
    assert Case.objects.visible_to(outsider).filter(pk=other.pk).exists()
    assert case_sensitive_allowed(outsider, other)
    assert AuditEvent.objects.filter(action=CaseAuditAction.BREAK_GLASS, case_id=other.pk).exists()
    assert "hotline" not in str(AuditEvent.objects.get(action=CaseAuditAction.BREAK_GLASS).details)
    grant.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    grant.save()
    assert not Case.objects.visible_to(outsider).filter(pk=other.pk).exists()
    with pytest.raises(PermissionDenied):
        services.break_glass_open(actor=cast["caseworker"], case=case, reason="Caseworkers have no break-glass.")


def test_break_glass_notifies_the_owning_agencys_supervisors(cast):
    from concord.common.testing.factories import MembershipFactory, UserFactory

    supervisor_b = UserFactory()
    MembershipFactory(user=supervisor_b, agency=cast.agency_b, role="supervisor")
    other = open_case(cast, territory=cast.district_b, actor_name="caseworker_other_district")
    services.break_glass_open(actor=cast["coordinator"], case=other, reason="Imminent danger reported by neighbours.")
    assert Notification.objects.filter(recipient=supervisor_b, case=other, kind="break_glass").exists()


def _consent(cast, case, *, agency, sensitive=False):
    survivor = case.participants.get(role=ParticipantRole.SURVIVOR)
    return services.consent_record(
        actor=cast["caseworker"],
        case=case,
        participant=survivor,
        purpose=ConsentPurpose.INFORMATION_SHARING,
        method=ConsentMethod.WRITTEN,
        recipient_agency=agency,
        includes_sensitive=sensitive,
    )


def test_sharing_needs_consent_or_a_justified_exception(cast):
    case = open_case(cast)
    other = cast.other_agency_a
    with pytest.raises(ValidationError) as error:
        services.case_share(actor=cast["caseworker"], case=case, agency=other)
    assert "consent" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.case_share(
            actor=cast["caseworker"],
            case=case,
            agency=other,
            legal_exception=LegalException.IMMINENT_RISK,
            justification="urgent",
        )
    assert "justification" in error.value.message_dict
    assert not Involvement.objects.filter(case=case, agency=other).exists()
    services.case_share(
        actor=cast["caseworker"],
        case=case,
        agency=other,
        legal_exception=LegalException.IMMINENT_RISK,
        justification="Threats to kill made yesterday; police need the full picture now.",
    )
    assert Case.objects.visible_to(cast["caseworker_other_agency"]).filter(pk=case.pk).exists()
    assert not case_sensitive_allowed(cast["caseworker_other_agency"], case)


def test_consent_scopes_sensitive_sections_and_withdrawal_ends_the_share(cast):
    case = open_case(cast)
    services.note_add(actor=cast["caseworker"], case=case, text="Safe address is with her sister.", is_sensitive=True)
    services.note_add(actor=cast["caseworker"], case=case, text="Called back as agreed.")
    consent = _consent(cast, case, agency=cast.other_agency_a, sensitive=False)
    services.case_share(actor=cast["caseworker"], case=case, agency=cast.other_agency_a, consent=consent)
    reader = cast["caseworker_other_agency"]
    assert [n.text for n in note_list(reader, case)] == ["Called back as agreed."]
    assert len(note_list(cast["caseworker"], case)) == 2
    services.consent_withdraw(actor=cast["caseworker"], consent=consent)
    assert not Case.objects.visible_to(reader).filter(pk=case.pk).exists()


def test_consent_for_another_agency_does_not_cover_this_one(cast):
    case = open_case(cast)
    consent = _consent(cast, case, agency=cast.national_agency)
    with pytest.raises(ValidationError):
        services.case_share(actor=cast["caseworker"], case=case, agency=cast.other_agency_a, consent=consent)


def test_children_need_a_caregiver_who_is_not_the_perpetrator(cast):
    case = open_case(cast)
    actor = cast["caseworker"]
    child_person = person_create(agency=actor.agency, given_name="Nərmin", birth_date=datetime.date(2016, 3, 1))
    child = services.participant_add(
        actor=actor, case=case, person=child_person, role=ParticipantRole.CHILD, relationship=Relationship.CHILD
    )
    perpetrator = case.participants.get(role=ParticipantRole.ALLEGED_PERPETRATOR)
    survivor = case.participants.get(role=ParticipantRole.SURVIVOR)
    common = {
        "actor": actor,
        "case": case,
        "participant": child,
        "purpose": ConsentPurpose.SERVICES,
        "method": ConsentMethod.VERBAL,
        "recipient_agency": cast.other_agency_a,
    }
    with pytest.raises(ValidationError) as error:
        services.consent_record(**common)
    assert "caregiver" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.consent_record(**common, caregiver=perpetrator, child_assent=True)
    assert "perpetrator" in error.value.message_dict["caregiver"][0]
    with pytest.raises(ValidationError) as error:  # 7–13: the child's assent too
        services.consent_record(**common, caregiver=survivor)
    assert "child_assent" in error.value.message_dict
    consent = services.consent_record(**common, caregiver=survivor, child_assent=True)
    assert consent.caregiver == survivor


def test_incidents_are_classified_by_the_ordered_rule(cast):
    case = open_case(cast)
    incident = record_incident(cast, case, acts=[ViolenceAct.THREATS, ViolenceAct.SEXUAL_TOUCHING, ViolenceAct.HITTING])
    assert incident.gbvims_type == GbvType.SEXUAL_ASSAULT
    assert incident.contexts == [CaseContext.INTIMATE_PARTNER]
    assert incident.is_sexual and incident.is_physical and incident.is_psychological and not incident.is_economic
    assert incident.report_delay_days == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"occurred_at": timezone.now() + datetime.timedelta(days=1)}, "occurred_at"),
        ({"reported_at": timezone.now() - datetime.timedelta(days=5)}, "reported_at"),
        ({"occurred_at": timezone.make_aware(datetime.datetime(1985, 1, 1))}, "occurred_at"),
        ({"acts": []}, "acts"),
    ],
)
def test_bad_incident_input_is_refused_and_nothing_saved(cast, overrides, field):
    case = open_case(cast)
    with pytest.raises(ValidationError) as error:
        record_incident(cast, case, **overrides)
    assert field in error.value.message_dict
    assert not case.incidents.exists() and not case.timeline.filter(kind="incident_recorded").exists()


def test_closure_waits_for_the_supervisor(cast):
    case = open_case(cast)
    with pytest.raises(ValidationError):
        services.case_transition(actor=cast["caseworker"], case=case, to_status=CaseStatus.CLOSED)
    services.case_request_closure(actor=cast["caseworker"], case=case, reason="Moved abroad with the children.")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.OPEN
    assert Notification.objects.filter(recipient=cast["supervisor"], kind="closure_requested").exists()
    with pytest.raises(PermissionDenied):
        services.case_decide_closure(actor=cast["caseworker"], case=case, approve=True)
    closed = services.case_decide_closure(actor=cast["supervisor"], case=case, approve=True)
    assert closed.status == CaseStatus.CLOSED and closed.closed_at
    reopened = services.case_transition(actor=cast["caseworker"], case=closed, to_status=CaseStatus.REOPENED)
    assert reopened.status == CaseStatus.REOPENED


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def test_documents_are_stored_encrypted_and_checked(cast, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    case = open_case(cast)
    actor = cast["caseworker"]
    with pytest.raises(ValidationError):
        services.attachment_add(
            actor=actor,
            case=case,
            kind="other",
            upload=SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/x-msdownload"),
        )
    with pytest.raises(ValidationError):
        services.attachment_add(
            actor=actor,
            case=case,
            kind="other",
            upload=SimpleUploadedFile("fake.pdf", b"not a pdf", content_type="application/pdf"),
        )
    settings.ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError):
        services.attachment_add(
            actor=actor,
            case=case,
            kind="other",
            upload=SimpleUploadedFile("big.pdf", PDF, content_type="application/pdf"),
        )
    assert not Attachment.objects.exists() and not list(tmp_path.rglob("*"))
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    attachment = services.attachment_add(
        actor=actor,
        case=case,
        kind="medical_report",
        upload=SimpleUploadedFile("Aysel medical.pdf", PDF, content_type="application/pdf"),
    )
    assert "Aysel" not in attachment.file.name
    on_disk = (tmp_path / attachment.file.name).read_bytes()
    assert b"%PDF" not in on_disk
    assert attachment.file.open().read() == PDF
    assert Attachment.objects.get().original_name == "Aysel medical.pdf"


def test_history_tables_hold_ciphertext_only(cast):
    case = open_case(cast, national_id="AZE1234567")
    services.note_add(actor=cast["caseworker"], case=case, text="Neighbour heard screaming.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT given_name, family_name, national_id FROM people_historicalperson")
        person_rows = cursor.fetchall()
        cursor.execute("SELECT text FROM cases_historicalnote")
        note_rows = cursor.fetchall()
    flat = " ".join(value for row in person_rows + note_rows for value in row if value)
    assert person_rows and note_rows
    for plaintext in ("Aysel", "Məmmədova", "AZE1234567", "Neighbour"):
        assert plaintext not in flat


def test_a_national_id_belongs_to_one_person(cast):
    open_case(cast, national_id="AZE 1234567")
    with pytest.raises(ValidationError) as error:
        person_create(agency=cast.agency_a, given_name="Other", national_id="aze1234567")
    assert "national_id" in error.value.message_dict


def test_demo_seed_is_deterministic_and_goes_through_the_services(db):
    from django.core.management import call_command
    from django.db import transaction

    from concord.countries.loader import apply_pack, read_pack
    from concord.people.models import Person

    class Rollback(Exception):
        pass

    apply_pack(read_pack("az"))
    devnull = open("/dev/null", "w")  # noqa: SIM115

    def seed_and_read() -> list[tuple[str, str]]:
        call_command("seed_demo", "--country", "az", "--cases", "3", "--seed", "7", stdout=devnull)
        return sorted((p.given_name, p.family_name) for p in Person.objects.all())

    try:
        with transaction.atomic():
            first = seed_and_read()
            assert Case.objects.count() == 3 and all(c.incidents.exists() for c in Case.objects.all())
            assert AuditEvent.objects.filter(action=CaseAuditAction.CASE_OPENED).count() == 3
            raise Rollback
    except Rollback:
        pass
    assert not Case.objects.exists()
    assert seed_and_read() == first
    call_command("seed_demo", "--country", "az", "--cases", "3", "--seed", "7", stdout=devnull)
    assert Case.objects.count() == 3, "--cases N tops up to N instead of adding N more"


@pytest.mark.django_db
def test_demo_timelines_carry_the_times_of_their_events():
    from django.core.management import call_command

    from concord.cases.models import Incident, TimelineEntry
    from concord.countries.loader import apply_pack, read_pack

    apply_pack(read_pack("az"))
    with open("/dev/null", "w") as devnull:
        call_command("seed_demo", "--country", "az", "--cases", "3", "--seed", "7", stdout=devnull)
    for case in Case.objects.all():
        opened = TimelineEntry.objects.get(case=case, kind="case_opened")
        assert opened.occurred_at == case.opened_at
        for incident in Incident.objects.filter(case=case):
            entry = TimelineEntry.objects.get(case=case, kind="incident_recorded", object_id=incident.pk)
            assert entry.occurred_at == incident.recorded_at == incident.reported_at
    assert TimelineEntry.objects.filter(occurred_at__date__lt=timezone.localdate()).exists()


def test_choices_outside_the_case_country_or_jurisdiction_are_refused(cast):
    """A page offers only the case's country (and the worker's jurisdiction for a new case); the services check it
    again, so an API call or a forged form cannot name anything else."""
    from concord.common.testing.factories import AgencyFactory, AgencyKindFactory, TerritoryFactory

    case = open_case(cast)
    abroad = TerritoryFactory(code="ZZ", level=0, country_code="zz", name_en="Elsewhere")
    abroad_district = TerritoryFactory(
        code="ZZ-D", parent=TerritoryFactory(code="ZZ-R", parent=abroad, country_code="zz"), country_code="zz"
    )
    foreign = AgencyFactory(
        code="ZZ-POLICE", kind=AgencyKindFactory(code="police_zz", country_code="zz"), territory=abroad_district
    )
    actor = cast["caseworker"]
    with pytest.raises(ValidationError) as error:
        services.case_open(
            actor=actor, survivor=case.participants.get(role="survivor").person, territory=cast.district_b
        )
    assert "territory" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        record_incident(cast, case, territory=abroad_district, reporting_agency=foreign)
    assert {"territory", "reporting_agency"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        services.case_share(
            actor=actor,
            case=case,
            agency=foreign,
            legal_exception="imminent_risk",
            justification="He threatened to kill her last night in front of the children.",
        )
    assert "agency" in error.value.message_dict
    goal = services.plan_goal_add(actor=actor, case=case, text="Safe housing")
    with pytest.raises(ValidationError) as error:
        services.plan_task_add(actor=actor, goal=goal, description="Call them", responsible_agency=foreign)
    assert "responsible_agency" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.consent_record(
            actor=actor,
            case=case,
            participant=case.participants.get(role="survivor"),
            purpose="information_sharing",
            method="verbal",
            recipient_agency=foreign,
        )
    assert "recipient_agency" in error.value.message_dict


def test_a_case_follows_the_survivor_to_her_new_district(cast, monkeypatch, django_capture_on_commit_callbacks):
    from concord.cases import extension

    case = open_case(cast)
    heard = []
    monkeypatch.setitem(extension._handlers, extension.CaseEvent.CASE_MOVED, [lambda **kwargs: heard.append(kwargs)])
    with django_capture_on_commit_callbacks(execute=True):
        moved = services.case_move(actor=cast["caseworker"], case=case, territory=cast.district_b)
    moved.refresh_from_db()
    # Number, owner and lead worker stay: the case is the same one, now in another district.
    assert (moved.territory, moved.number, moved.owning_agency, moved.lead_worker) == (
        cast.district_b,
        case.number,
        cast.agency_a,
        cast["caseworker"],
    )
    event = AuditEvent.objects.get(action=CaseAuditAction.CASE_MOVED, case_id=case.pk)
    assert event.details["old"] == cast.district_a.code and event.details["new"] == cast.district_b.code
    assert case.timeline.filter(kind="case_moved").exists()
    assert heard == [{"case_id": case.pk, "object_id": cast.district_a.pk, "actor_id": cast["caseworker"].pk}]
    # Coordinators see cases through their territory: the case passes from district A's to district B's.
    assert not Case.objects.visible_to(cast["coordinator"]).filter(pk=case.pk).exists()


@pytest.mark.parametrize(
    ("why", "actor_name", "where", "error"),
    [
        ("the same district", "caseworker", "district_a", "territory"),
        ("a whole region", "caseworker", "region", "territory"),
        ("another country", "caseworker", "abroad", "territory"),
        ("not the owning agency", "coordinator", "district_b", None),
        ("a closed case", "caseworker", "closed", "territory"),
    ],
)
def test_a_move_refused_writes_nothing(cast, why, actor_name, where, error):
    case = open_case(cast)
    if where == "abroad":
        territory = other_country().district
    elif where == "closed":
        Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)
        territory = cast.district_b
    elif where == "region":
        territory = cast.district_a.parent
    else:
        territory = getattr(cast, where)
    with pytest.raises(ValidationError if error else PermissionDenied) as raised:
        services.case_move(actor=cast[actor_name], case=case, territory=territory)
    if error:
        assert error in raised.value.message_dict
    case.refresh_from_db()
    assert case.territory == cast.district_a
    assert not AuditEvent.objects.filter(action=CaseAuditAction.CASE_MOVED).exists()
