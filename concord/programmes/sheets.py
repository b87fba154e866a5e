"""The attendance sheet of a programme's next session as a PDF (WeasyPrint), to print and fill in by hand where no
tablet is at hand: the people attending the programme, a box for each kind of presence and a column to sign. Marked
restricted: it names the perpetrators and nothing of their cases."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from concord.programmes import selectors
from concord.programmes.choices import Presence
from concord.programmes.models import Programme, TrainingSession

# A sheet for a session not yet filled in has at least this many lines, or as many as the plan's target.
BLANK_LINES = 20


def render_html(programme: Programme) -> str:
    return render_to_string(
        "programmes/attendance_sheet.html",
        {
            "programme": programme,
            "attending": selectors.attending(programme),
            "presences": Presence.choices,
            "printed_at": timezone.now(),
        },
    )


def render_pdf(programme: Programme) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(programme)).write_pdf()


def render_training_pdf(session: TrainingSession) -> bytes:
    """A training's attendance sheet to print: the lines recorded, then blank lines to fill in by hand."""
    from weasyprint import HTML

    trainees = list(session.trainees.all())
    html = render_to_string(
        "programmes/training_sheet.html",
        {
            "session": session,
            "plan": session.plan,
            "trainees": trainees,
            "blank": range(max(BLANK_LINES, session.plan.target_people - len(trainees)) if not trainees else 0),
            "printed_at": timezone.now(),
        },
    )
    return HTML(string=html).write_pdf()
