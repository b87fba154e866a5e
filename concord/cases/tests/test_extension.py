"""The seams modules plug into: case events run after commit, each handler on its own, and the timeline and
audit event of a change are written together."""

import datetime
import logging

import pytest
from django.utils import timezone

from concord.audit.models import AuditEvent
from concord.cases import extension, services
from concord.cases.choices import TimelineKind
from concord.cases.models import Incident
from concord.cases.tests.factories import open_case, record_incident

pytestmark = pytest.mark.django_db


def _incident_values(case):
    now = timezone.now()
    return {
        "occurred_at": now - datetime.timedelta(days=1),
        "reported_at": now,
        "place_type": "shared_home",
        "territory": case.territory,
        "acts": ["hitting"],
        "reporting_agency": case.owning_agency,
        "injury": "minor",
        "weapon": "none",
    }


def test_handlers_run_after_the_commit_and_not_before(cast, django_capture_on_commit_callbacks):
    case = open_case(cast)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        incident = services.incident_record(actor=cast["caseworker"], case=case, **_incident_values(case))
        incident.refresh_from_db()
        assert incident.flag_rules_version == ""  # risk has not reacted yet: nothing was committed
    assert callbacks
    for callback in callbacks:
        callback()
    incident.refresh_from_db()
    assert incident.flag_rules_version == "TT-RISK-1"


def test_a_failing_handler_neither_undoes_the_change_nor_stops_the_others(cast, caplog, monkeypatch):
    calls = []

    def broken(**kwargs):
        raise RuntimeError("the handler broke")

    def counting(**kwargs):
        calls.append(kwargs)

    monkeypatch.setitem(extension._handlers, extension.CaseEvent.INCIDENT_RECORDED, [broken, counting])
    case = open_case(cast)
    with caplog.at_level(logging.ERROR, logger="concord.cases.extension"):
        incident = record_incident(cast, case)
    assert Incident.objects.filter(pk=incident.pk).exists()
    assert calls == [{"case_id": case.pk, "object_id": incident.pk, "actor_id": cast["caseworker"].pk}]
    assert "broken failed on incident_recorded" in caplog.messages[0]


def test_the_tick_completes_flags_a_failed_handler_left_undone(cast, monkeypatch):
    from concord.risk.jobs import complete_incident_flags

    monkeypatch.setitem(extension._handlers, extension.CaseEvent.INCIDENT_RECORDED, [])
    case = open_case(cast)
    incident = record_incident(cast, case)
    assert incident.flag_rules_version == ""
    complete_incident_flags(timezone.now() + datetime.timedelta(minutes=10))
    incident.refresh_from_db()
    case.refresh_from_db()
    assert incident.flag_rules_version == "TT-RISK-1" and case.next_risk_review_on is not None


def test_case_log_writes_the_timeline_entry_and_the_audit_event_together(cast):
    case = open_case(cast)
    entry = extension.case_log(case=case, actor=cast["caseworker"], kind=TimelineKind.NOTE_ADDED, sensitive=False)
    event = AuditEvent.objects.latest("pk")
    assert entry.kind == "note_added" and entry.details == {"sensitive": False}
    assert event.case_id == case.pk and event.details == {"change": "note_added", "sensitive": False}
