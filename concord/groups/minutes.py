"""The minutes of a meeting as a PDF (WeasyPrint), in the group's language: attendance, the outstanding actions
reviewed, and per case its number, why it was on the agenda, the decision and the actions with owner and due date.
Marked restricted; case numbers only, no names: a member who needs more opens the case within their own access."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from concord.groups import selectors
from concord.groups.choices import MeetingStatus
from concord.groups.models import Action, Meeting


def minutes_context(meeting: Meeting) -> dict:
    group = meeting.group
    items = selectors.agenda_of(meeting)
    attendance = {a.member_id: a for a in meeting.attendances.select_related("attendee")}
    reviewed = Action.objects.filter(reviewed_at=meeting).select_related("case", "owner").order_by("due_on", "pk")
    return {
        "meeting": meeting,
        "group": group,
        "items": items,
        "attendance": [(member, attendance.get(member.pk)) for member in selectors.members_of(group)],
        "reviewed": list(reviewed),
        "draft": meeting.status != MeetingStatus.MINUTES_APPROVED,
    }


def render_html(meeting: Meeting) -> str:
    with translation.override(meeting.group.language):
        return render_to_string("groups/minutes.html", minutes_context(meeting))


def render_pdf(meeting: Meeting) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(meeting)).write_pdf()
