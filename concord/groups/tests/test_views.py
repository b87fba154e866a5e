"""The monitoring-group pages: the group with its composition, planning a meeting, the automatic agenda, the
confidentiality statement before any case detail, the audited summary, agency information, decisions and actions,
quorum refusals that write nothing, the minutes PDF read back, the calendar, an agency's actions, the family
register; query counts that do not grow with the agenda."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from concord.audit.models import AuditEvent
from concord.cases.choices import RiskLevel
from concord.cases.tests.factories import open_case
from concord.common.testing.pdf import pdf_words, save_page_image
from concord.common.testing.rows import assert_nothing_written, row_counts
from concord.groups import services
from concord.groups.choices import MeetingStatus
from concord.groups.models import Action, Family, Meeting
from concord.groups.tests.factories import attend_all, build_group, plan, set_risk

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(cast):
    return build_group(cast)


@pytest.fixture
def case(cast):
    case = open_case(cast)
    set_risk(case, RiskLevel.HIGH)
    return case


def local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_the_group_page_shows_the_composition_and_what_is_missing(cast, scene, client_for):
    scene.health.delete()
    page = client_for("coordinator").get(reverse("groups:group_detail", args=[scene.group.pk])).content.decode()
    assert page.count('data-testid="seat-missing"') == 1 and "Police A" in page
    # A member of the group sees it, without the forms; an outsider gets 404.
    member_page = client_for("group_member").get(reverse("groups:group_detail", args=[scene.group.pk]))
    assert member_page.status_code == 200 and 'data-testid="plan-form"' not in member_page.content.decode()
    assert (
        client_for("caseworker_other_district").get(reverse("groups:group_detail", args=[scene.group.pk])).status_code
        == 404
    )


def test_planning_building_and_sending_the_agenda(cast, scene, case, client_for):
    client = client_for("coordinator")
    at = timezone.now() + datetime.timedelta(days=2)
    response = client.post(
        reverse("groups:meeting_create", args=[scene.group.pk]),
        {"kind": "regular", "scheduled_at": local(at), "place": "Room 4"},
    )
    meeting = Meeting.objects.get(group=scene.group)
    assert response.status_code == 302 and response.url == reverse("groups:meeting_detail", args=[meeting.pk])
    client.post(reverse("groups:agenda_build", args=[meeting.pk]))
    page = client.get(response.url).content.decode()
    assert case.number in page and 'data-reason="new_high_risk"' in page
    client.post(reverse("groups:agenda_send", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.AGENDA_SENT


def test_case_details_wait_for_the_confidentiality_statement_and_every_read_is_audited(cast, scene, case, client_for):
    meeting = plan(cast, scene)
    item = services.agenda_add(actor=cast["coordinator"], meeting=meeting, case=case)
    member = client_for("group_member")
    url = reverse("groups:item_detail", args=[meeting.pk, item.pk])
    survivor = case.participants.get(role="survivor").person.full_name
    page = member.get(url).content.decode()
    assert 'data-testid="accept-confidentiality"' in page and survivor not in page
    member.post(reverse("groups:confidentiality_accept", args=[meeting.pk]))
    before = AuditEvent.objects.filter(action="case_viewed", actor=cast["group_member"]).count()
    page = member.get(url).content.decode()
    assert survivor in page and 'data-testid="case-summary"' in page
    assert AuditEvent.objects.filter(action="case_viewed", actor=cast["group_member"]).count() == before + 1
    # A member of staff who sits on no group and is not in the case's agencies: 404, as for a missing page.
    assert client_for("caseworker_other_district").get(url).status_code == 404


def test_information_decision_and_actions_on_the_case_page(cast, scene, case, client_for):
    meeting = plan(cast, scene, at=timezone.now())
    item = services.agenda_add(actor=cast["coordinator"], meeting=meeting, case=case)
    secretary = client_for("coordinator")
    secretary.post(reverse("groups:confidentiality_accept", args=[meeting.pk]))
    member = client_for("group_member")
    member.post(reverse("groups:confidentiality_accept", args=[meeting.pk]))
    member.post(reverse("groups:item_contribute", args=[meeting.pk, item.pk]), {"text": "Known to the executive"})
    secretary.post(reverse("groups:item_decide", args=[meeting.pk, item.pk]), {"decision": "Safety plan reviewed"})
    due = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    before = row_counts()
    refused = secretary.post(
        reverse("groups:action_create", args=[meeting.pk, item.pk]), {"text": "Home visit", "due_on": due}
    )
    assert refused.status_code == 400 and "Choose the agency that is to act." in refused.content.decode()
    assert_nothing_written(before)
    secretary.post(
        reverse("groups:action_create", args=[meeting.pk, item.pk]),
        {"owner": cast.agency_a.pk, "text": "Home visit", "due_on": due},
    )
    page = secretary.get(reverse("groups:item_detail", args=[meeting.pk, item.pk])).content.decode()
    assert "Known to the executive" in page and "Safety plan reviewed" in page and "Home visit" in page
    # The owner agency finds the action in its list.
    assert "Home visit" in client_for("caseworker").get(reverse("groups:action_list")).content.decode()


def test_a_meeting_without_quorum_is_refused_with_nothing_written(cast, scene, client_for):
    meeting = plan(cast, scene, at=timezone.now())
    client = client_for("coordinator")
    before = row_counts()
    response = client.post(reverse("groups:meeting_hold", args=[meeting.pk]), {"chaired_by": scene.chair.pk})
    assert response.status_code == 400 and "No quorum" in response.content.decode()
    assert_nothing_written(before)


@pytest.mark.parametrize("language", ["en", "az", "ru", "sq"])
def test_the_minutes_pdf_reads_back_in_the_groups_language(cast, scene, case, client_for, language):
    scene.group.language = language
    scene.group.save()
    meeting = plan(cast, scene, at=timezone.now())
    item = services.agenda_add(actor=cast["coordinator"], meeting=meeting, case=case)
    services.item_decide(actor=cast["coordinator"], item=item, decision="Refer to the shelter")
    attend_all(cast, scene, meeting)
    services.meeting_hold(actor=cast["coordinator"], meeting=meeting, chaired_by=scene.chair)
    member = client_for("group_member")
    assert member.get(reverse("groups:minutes_pdf", args=[meeting.pk])).status_code == 404  # not yet approved
    services.minutes_approve(actor=scene.chair, meeting=meeting)
    response = member.get(reverse("groups:minutes_pdf", args=[meeting.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    # poppler-utils' pdftotext, as the issue asks: the PDF read back as a reader's tool would.
    text = pdf_words(response.content)
    save_page_image(response.content, 1, f"minutes-{language}")
    with translation.override(language):
        heading = gettext("Minutes")
        restricted = gettext("RESTRICTED")
    assert (heading == "Minutes") == (language == "en"), "the minutes are in the group's language"
    assert (
        heading in text
        and restricted in text
        and case.number in text
        and "Refer to the shelter" in text
        and "Police A" in text
    )
    assert AuditEvent.objects.filter(action="minutes_downloaded", actor=cast["group_member"]).exists()


def test_the_meeting_page_queries_do_not_grow_with_the_agenda(cast, scene, client_for):
    meeting = plan(cast, scene, at=timezone.now())
    client = client_for("coordinator")
    client.post(reverse("groups:confidentiality_accept", args=[meeting.pk]))
    url = reverse("groups:meeting_detail", args=[meeting.pk])

    def add_case():
        item = services.agenda_add(actor=cast["coordinator"], meeting=meeting, case=open_case(cast, given_name="Leyla"))
        services.action_create(
            actor=cast["coordinator"], item=item, owner=cast.agency_a, text="Visit", due_on=timezone.localdate()
        )

    add_case()
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(4):
        add_case()
    with CaptureQueriesContext(connection) as five:
        page = client.get(url).content.decode()
    assert page.count('data-testid="agenda-item"') == 5
    assert len(five) == len(one)


def test_the_calendar_and_the_group_list(cast, scene, client_for):
    meeting = plan(cast, scene, at=timezone.now() + datetime.timedelta(hours=2))
    client = client_for("group_member")
    month = timezone.localtime(meeting.scheduled_at).strftime("%Y-%m")
    page = client.get(reverse("groups:calendar") + f"?month={month}").content.decode()
    assert reverse("groups:meeting_detail", args=[meeting.pk]) in page
    assert "District A" in client.get(reverse("groups:group_list")).content.decode()
    assert (
        'data-testid="calendar-meeting"'
        not in client_for("caseworker_other_district")
        .get(reverse("groups:calendar") + f"?month={month}")
        .content.decode()
    )


def test_following_a_family_through_the_register(cast, scene, case, client_for):
    client = client_for("coordinator")
    response = client.post(
        reverse("groups:family_create", args=[scene.group.pk]),
        {
            "numbers": case.number, "reason": "Three children, father released",
            "review_on": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
            "responsible": cast.other_agency_a.pk,
        },
    )  # fmt: skip
    family = Family.objects.get()
    assert response.status_code == 302 and list(family.cases.all()) == [case]
    survivor = case.participants.get(role="survivor").person
    assert survivor in family.persons.all()
    assert not family.persons.filter(participations__role="alleged_perpetrator").exists()
    page = client.get(reverse("groups:family_detail", args=[family.pk])).content.decode()
    assert "Three children" in page and case.number in page
    before = row_counts()
    refused = client.post(
        reverse("groups:family_create", args=[scene.group.pk]),
        {"numbers": "NO-SUCH-1", "reason": "x", "review_on": timezone.localdate().isoformat(),
         "responsible": cast.other_agency_a.pk},
    )  # fmt: skip
    assert refused.status_code == 400
    assert_nothing_written(before)
    assert Action.objects.count() == 0
