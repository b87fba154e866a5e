"""One person across agencies: the person page, possible duplicates, merges and their undoing, the nightly search,
and the perpetrator's record across cases, which never tells one agency what another holds."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concord.accounts.choices import Role
from concord.audit.models import AuditEvent
from concord.cases import jobs, selectors, services
from concord.cases.choices import CaseAuditAction, CaseNotification, ParticipantRole, Relationship, TimelineKind
from concord.cases.models import Participant, TimelineEntry
from concord.cases.tests.factories import open_case, record_incident
from concord.common.testing.factories import MembershipFactory
from concord.common.testing.rows import assert_nothing_written, row_counts
from concord.notifications.models import Notification
from concord.people.matching import identity
from concord.people.models import Person, PersonMatchToken, PossibleDuplicate
from concord.people.selectors import identity_of, person_matches
from concord.people.services import person_create

pytestmark = pytest.mark.django_db

BORN = datetime.date(1986, 3, 14)


def _perpetrator(cast, case, *, actor_name="caseworker", person=None, **names):
    """An alleged perpetrator added to the case: a new record by the actor's agency, or an existing `person`."""
    actor = cast[actor_name]
    if person is None:
        person = person_create(
            agency=actor.agency,
            given_name=names.get("given_name", "Rəşad"),
            family_name=names.get("family_name", "Quliyev"),
            birth_date=names.get("birth_date", BORN),
            sex="male",
        )
        return services.participant_add(
            actor=actor, case=case, person=person, role=ParticipantRole.ALLEGED_PERPETRATOR, relationship="spouse"
        )
    # The same man in another agency's case, as a merge or a shared register would leave him.
    return Participant.objects.create(
        case=case, person=person, role=ParticipantRole.ALLEGED_PERPETRATOR, relationship=Relationship.SPOUSE
    )


def _supervisor_b(cast):
    return MembershipFactory(agency=cast.agency_b, role=Role.SUPERVISOR).user


@pytest.fixture
def two_registrations(cast):
    """The same woman registered twice in agency A: by the caseworker in Azerbaijani Latin and, in another case,
    by a colleague in Russian Cyrillic (as a clinic would)."""
    first = open_case(cast, given_name="Şəbnəm", family_name="Rzayeva", birth_date=BORN)
    second = open_case(cast, given_name="Шабнам", family_name="Рзаева", birth_date=BORN)
    kept = first.participants.get(role=ParticipantRole.SURVIVOR).person
    twin = second.participants.get(role=ParticipantRole.SURVIVOR).person
    return first, second, kept, twin


# ---- possible duplicates and merges ------------------------------------------------------------------------------


def test_the_supervisor_sees_the_cyrillic_registration_as_a_duplicate(cast, two_registrations):
    _first, second, kept, twin = two_registrations
    rows = selectors.person_duplicates_for(cast["supervisor"], kept)
    assert [row["person"].pk for row in rows] == [twin.pk]
    assert rows[0]["mergeable"] and [c.number for c in rows[0]["visible_cases"]] == [second.number]
    # A caseworker of the same agency is not offered duplicates to merge.
    assert selectors.person_duplicates_for(cast["caseworker"], kept) == []


def test_a_merge_repoints_the_participations_keeps_both_records_and_is_audited(cast, two_registrations):
    first, second, kept, twin = two_registrations
    moved = second.participants.get(person=twin)
    with_tokens = PersonMatchToken.objects.filter(person=twin).count()
    assert with_tokens > 0

    merge = services.person_merge(actor=cast["supervisor"], kept=kept, merged=twin, reason="Same passport seen")

    moved.refresh_from_db()
    twin.refresh_from_db()
    assert moved.person_id == kept.pk and twin.merged_into_id == kept.pk
    assert twin.given_name == "Шабнам", "the merged record keeps its own values"
    assert merge.participations == [moved.pk]
    # Matching no longer finds the merged record, only the one it was merged into.
    assert not PersonMatchToken.objects.filter(person=twin).exists()
    found = [
        m.person.pk for m in person_matches(identity(given_name="Shabnam", family_name="Rzayeva", birth_date=BORN))
    ]
    assert found == [kept.pk]
    # Both histories stay: the participation's history shows whom it pointed at before.
    assert list(moved.history.order_by("history_date").values_list("person_id", flat=True))[-2:] == [twin.pk, kept.pk]
    event = AuditEvent.objects.get(action=CaseAuditAction.PERSONS_MERGED, case_id=None)
    assert event.details == {"kept": kept.pk, "merged": twin.pk, "participations": 1}
    assert "Шабнам" not in str(event.details) and "Same passport" not in str(event.details)
    for case in (first, second):
        assert TimelineEntry.objects.filter(case=case, kind=TimelineKind.PERSON_MERGED).exists()
    # Both cases now share the one survivor record, and her page lists them.
    assert set(selectors.person_record_for(cast["caseworker"], kept).participations) >= {moved}


def test_undoing_a_merge_gives_each_record_back_what_it_had(cast, two_registrations):
    _first, second, kept, twin = two_registrations
    merge = services.person_merge(actor=cast["supervisor"], kept=kept, merged=twin, reason="Same passport seen")
    services.person_unmerge(actor=cast["supervisor"], merge=merge)
    twin.refresh_from_db()
    merge.refresh_from_db()
    assert twin.merged_into_id is None and merge.undone_at is not None and merge.undone_by == cast["supervisor"]
    assert second.participants.get(role=ParticipantRole.SURVIVOR).person_id == twin.pk
    assert PersonMatchToken.objects.filter(person=twin).exists()
    assert AuditEvent.objects.filter(action=CaseAuditAction.PERSONS_UNMERGED, case_id=None).count() == 1
    assert AuditEvent.objects.filter(action=CaseAuditAction.PERSONS_UNMERGED, case_id=second.pk).exists()
    assert TimelineEntry.objects.filter(case=second, kind=TimelineKind.PERSON_UNMERGED).exists()
    with pytest.raises(ValidationError):
        services.person_unmerge(actor=cast["supervisor"], merge=merge)


def test_merge_refusals_write_nothing(cast, two_registrations):
    first, _second, kept, twin = two_registrations
    stranger = person_create(agency=cast.agency_a, given_name="Lalə", family_name="Həsənova", birth_date=BORN)
    other_id = person_create(agency=cast.agency_a, given_name="Shabnam", family_name="Rzayeva", national_id="AZE1")
    kept.national_id = "AZE2"
    from concord.people.services import person_update

    person_update(person=kept, national_id="AZE2")
    supervisor_b = _supervisor_b(cast)
    before = row_counts()
    refusals = [
        (cast["supervisor"], kept, kept, "x", "other"),
        (cast["supervisor"], kept, stranger, "x", "other"),
        (cast["supervisor"], kept, twin, "  ", "reason"),
        (cast["supervisor"], kept, other_id, "x", "other"),
    ]
    for actor, a, b, reason, field in refusals:
        with pytest.raises(ValidationError) as error:
            services.person_merge(actor=actor, kept=a, merged=b, reason=reason)
        assert field in error.value.message_dict
    # One case cannot hold the same person twice.
    perpetrator = first.participants.get(role=ParticipantRole.ALLEGED_PERPETRATOR).person
    with pytest.raises(ValidationError):
        services.person_merge(actor=cast["supervisor"], kept=kept, merged=perpetrator, reason="x")
    for actor in (cast["caseworker"], cast["coordinator"], supervisor_b):
        with pytest.raises(PermissionDenied):
            services.person_merge(actor=actor, kept=kept, merged=twin, reason="x")
    assert_nothing_written(before)


def test_a_record_only_another_agency_holds_is_listed_without_a_name_and_cannot_be_merged(cast):
    case = open_case(cast, given_name="Şəbnəm", family_name="Rzayeva", birth_date=BORN)
    kept = case.participants.get(role=ParticipantRole.SURVIVOR).person
    theirs = open_case(
        cast,
        actor_name="caseworker_other_district",
        territory=cast.district_b,
        given_name="Shabnam",
        family_name="Rzaeva",
        birth_date=BORN,
    )
    hidden = theirs.participants.get(role=ParticipantRole.SURVIVOR).person
    rows = selectors.person_duplicates_for(cast["supervisor"], kept)
    assert [(row["person"].pk, row["mergeable"], row["hidden_count"]) for row in rows] == [(hidden.pk, False, 1)]
    page = _client(cast, "supervisor").get(reverse("cases:person_detail", args=[kept.pk])).content.decode()
    assert "Rzaeva" not in page and theirs.number not in page and cast.agency_b.name not in page
    assert "A record you may not see." in page
    with pytest.raises(ValidationError):
        services.person_merge(actor=cast["supervisor"], kept=kept, merged=hidden, reason="Sure")


def test_a_merge_tells_the_other_agencies_whose_cases_it_touches(cast):
    ours = open_case(cast, given_name="Şəbnəm", family_name="Rzayeva", birth_date=BORN)
    kept = _perpetrator(cast, ours).person
    second = open_case(cast)
    twin = _perpetrator(cast, second, given_name="Рашад", family_name="Кулиев").person
    theirs = open_case(cast, actor_name="caseworker_other_district", territory=cast.district_b)
    _perpetrator(cast, theirs, person=twin)
    supervisor_b = _supervisor_b(cast)
    services.person_merge(actor=cast["supervisor"], kept=kept, merged=twin, reason="Same man, same address")
    told = Notification.objects.filter(kind=CaseNotification.PERSON_MERGED)
    assert list(told.values_list("recipient", "case")) == [(supervisor_b.pk, theirs.pk)]
    assert Participant.objects.filter(case=theirs, person=kept).exists()


# ---- the nightly search ------------------------------------------------------------------------------------------


def test_the_nightly_search_lists_new_duplicates_once_for_both_agencies(cast, client_for):
    ours = open_case(cast, given_name="Şəbnəm", family_name="Rzayeva", birth_date=BORN)
    theirs = open_case(
        cast,
        actor_name="caseworker_other_district",
        territory=cast.district_b,
        given_name="SHABNAM",
        family_name="RZAYEVA",
        birth_date=BORN,
    )
    supervisor_b = _supervisor_b(cast)
    now = timezone.now()
    assert jobs.find_possible_duplicates(now) == 2
    ids = {ours.participants.get(role="survivor").person_id, theirs.participants.get(role="survivor").person_id}
    pair = PossibleDuplicate.objects.get(person__in=ids)
    assert {pair.person_id, pair.candidate_id} == ids and pair.band == "same"
    found = PossibleDuplicate.objects.count()
    recipients = set(
        Notification.objects.filter(kind=CaseNotification.DUPLICATES_FOUND).values_list("recipient", flat=True)
    )
    assert recipients == {cast["supervisor"].pk, supervisor_b.pk}
    # A second run finds nothing new and tells no one again.
    assert jobs.find_possible_duplicates(now) == 0
    assert PossibleDuplicate.objects.count() == found
    page = client_for("supervisor").get(reverse("cases:duplicate_list")).content.decode()
    assert "Şəbnəm" in page and "SHABNAM" not in page and "A record you may not see." in page
    ours_id = ours.participants.get(role="survivor").person_id
    listed = client_for("supervisor").get("/api/v1/persons/duplicates/").json()
    assert {"person": ours_id, "other": None, "band": "same"}.items() <= next(
        row for row in listed if row["person"] == ours_id
    ).items()
    work = client_for("supervisor").get("/api/v1/work/?scope=team").json()
    assert any(source["source"] == "possible_duplicates" and source["count"] == found for source in work)


def test_dismissed_pairs_are_no_longer_listed(cast, two_registrations, client_for):
    _first, _second, kept, twin = two_registrations
    response = client_for("supervisor").post(reverse("cases:duplicate_dismiss", args=[kept.pk]), {"other": twin.pk})
    assert response.status_code == 302
    assert selectors.person_duplicates_for(cast["supervisor"], kept) == []
    assert AuditEvent.objects.filter(action=CaseAuditAction.DUPLICATE_DISMISSED).count() == 1
    jobs.find_possible_duplicates(timezone.now())
    assert not selectors.open_duplicates_for(cast["supervisor"]).filter(person__in=[kept, twin]).exists()


# ---- the perpetrator across victims ------------------------------------------------------------------------------


@pytest.fixture
def serial(cast):
    """One man, the alleged perpetrator in agency A's case and in two cases of agency B (district B)."""
    ours = open_case(cast)
    man = _perpetrator(cast, ours).person
    theirs = [open_case(cast, actor_name="caseworker_other_district", territory=cast.district_b) for _ in range(2)]
    for case in theirs:
        record_incident(
            cast,
            case,
            actor_name="caseworker_other_district",
            territory=cast.district_b,
            perpetrators=[_perpetrator(cast, case, person=man)],
        )
    record_incident(cast, ours)
    return ours, theirs, man


def test_his_other_cases_are_a_count_and_nothing_of_them_shows(cast, serial, client_for):
    ours, theirs, man = serial
    record = selectors.person_record_for(cast["caseworker"], man)
    assert [p.case_id for p in record.participations] == [ours.pk]
    assert record.other_cases == 2
    assert {i.case_id for i in record.incidents} == {ours.pk}
    elsewhere = selectors.perpetrators_elsewhere(cast["caseworker"], ours)
    assert [
        (row["participant"].person_id, row["cases"], row["as_perpetrator"], row["visible"]) for row in elsewhere
    ] == [(man.pk, 2, 2, [])]
    for url in (reverse("cases:case_tab", args=[ours.pk, "people"]), reverse("cases:person_detail", args=[man.pk])):
        html = client_for("caseworker").get(url).content.decode()
        assert "2 other cases" in html or "2 cases you may not see" in html
        for case in theirs:
            assert case.number not in html
        if "person" in url:
            assert cast.agency_b.name not in html and cast.district_b.name not in html
    api = client_for("caseworker").get(f"/api/v1/persons/{man.pk}/record/").json()
    assert api["other_cases"] == 2 and [c["number"] for c in api["cases"]] == [ours.number]
    assert all(i["case"] == ours.pk for i in api["incidents"])
    # Agency B's caseworker sees its two cases and counts ours.
    theirs_record = selectors.person_record_for(cast["caseworker_other_district"], man)
    assert {p.case_id for p in theirs_record.participations} == {
        c.pk for c in theirs
    } and theirs_record.other_cases == 1


def test_the_person_page_reads_are_audited_and_their_queries_do_not_grow(cast, client_for):
    client = client_for("supervisor")
    case = open_case(cast)
    man = case.participants.get(role=ParticipantRole.ALLEGED_PERPETRATOR).person
    url = reverse("cases:person_detail", args=[man.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    def another_case() -> None:
        other = open_case(cast)
        _perpetrator(cast, other, person=man)
        record_incident(cast, other, perpetrators=other.participants.filter(person=man))

    record_incident(cast, case)
    another_case()
    one = queries()
    for _ in range(3):
        another_case()
    assert queries() == one, "the person page's queries must not grow with his cases"
    assert AuditEvent.objects.filter(action=CaseAuditAction.PERSON_VIEWED, object_id=str(man.pk)).count() == 2
    assert len(selectors.person_duplicates_for(cast["supervisor"], man)) >= 2, "his namesakes are listed too"


# ---- pages and API -----------------------------------------------------------------------------------------------


def _client(cast, name):
    from concord.conftest import signed_in_client

    return signed_in_client(cast[name])


def test_merge_and_undo_through_the_pages(cast, two_registrations, client_for):
    _first, second, kept, twin = two_registrations
    client = client_for("supervisor")
    page = client.get(reverse("cases:person_detail", args=[kept.pk])).content.decode()
    assert 'data-testid="duplicate"' in page and "Шабнам" in page
    refused = client.post(reverse("cases:person_merge", args=[kept.pk]), {"other": twin.pk, "reason": ""})
    assert refused.status_code == 400 and "Say why they are the same person." in refused.content.decode()
    done = client.post(reverse("cases:person_merge", args=[kept.pk]), {"other": twin.pk, "reason": "Same passport"})
    assert done.status_code == 302
    page = client.get(reverse("cases:person_detail", args=[kept.pk])).content.decode()
    assert 'data-testid="person-merges"' in page and second.number in page
    merge = kept.merges_kept.get()
    assert client.post(reverse("cases:person_unmerge", args=[kept.pk]), {"merge": merge.pk}).status_code == 302
    twin.refresh_from_db()
    assert twin.merged_into_id is None


def test_merge_and_undo_through_the_api(cast, two_registrations, client_for):
    _first, _second, kept, twin = two_registrations
    client = client_for("supervisor")
    listed = client.get(f"/api/v1/persons/{kept.pk}/duplicates/").json()
    assert [(c["person"], c["band"]) for c in listed] == [(twin.pk, "same")]
    assert client_for("caseworker").get(f"/api/v1/persons/{kept.pk}/duplicates/").status_code == 403
    bad = client.post(f"/api/v1/persons/{kept.pk}/merge/", {"other": 0, "reason": "x"}, content_type="application/json")
    assert bad.status_code == 400
    created = client.post(
        f"/api/v1/persons/{kept.pk}/merge/",
        {"other": twin.pk, "reason": "Same passport"},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["merged"] == twin.pk
    undone = client.post(
        f"/api/v1/persons/{kept.pk}/unmerge/", {"merge": created.json()["id"]}, content_type="application/json"
    )
    assert undone.status_code == 200 and undone.json()["undone_at"]
    again = client.post(
        f"/api/v1/persons/{kept.pk}/unmerge/", {"merge": created.json()["id"]}, content_type="application/json"
    )
    assert again.status_code == 400


def test_a_merged_record_is_found_as_the_person_it_was_merged_into(cast, two_registrations):
    _first, _second, kept, twin = two_registrations
    from concord.people.services import person_update

    person_update(person=twin, national_id="AZE-777")
    services.person_merge(actor=cast["supervisor"], kept=kept, merged=twin, reason="Same passport")
    found = [m.person.pk for m in person_matches(identity(national_id="AZE-777"))]
    assert found == [kept.pk]
    assert not selectors.person_attachable(cast["caseworker"], Person.objects.get(pk=twin.pk))
    assert identity_of(kept).national_id == ""
