"""What a module may use to plug into the case register without editing `cases` (docs/new-module.md):

- `register_tab(CaseTab(...))`: a tab on every case page; `case_page_context()` gives its view the case header.
- `register_header_notes(fn)`: short notes beside the case's status and level in the header of every case page.
- `on(CaseEvent.X)(handler)`: react to a case event; handlers run after the change has been committed.
- `case_log(...)`: write a case's timeline entry and audit event together.
- Scoping (`concord.cases.scoping`), object rules (`concord.cases.rules`), timeline kinds
  (`concord.cases.choices.timeline_kinds`), pack sections (`concord.countries.sections`) and the work list
  (`concord.common.worklist`) are the other seams.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.urls import reverse

from concord.audit.services import audit_record
from concord.cases.choices import CaseAuditAction

if TYPE_CHECKING:
    from django.http import HttpRequest

    from concord.accounts.models import User
    from concord.cases.models import Case, TimelineEntry

logger = logging.getLogger(__name__)


# ---- tabs ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseTab:
    name: str
    label: Any  # a lazy translation
    url_name: str  # a URL that takes the case's pk, then url_args
    order: int
    url_args: tuple[str, ...] = ()
    # Whether the tab shows for this reader (scope is already settled: the reader may see the case).
    visible: Callable[[Any, Any], bool] = field(default=lambda user, case: True)

    def url(self, case: Case) -> str:
        return reverse(self.url_name, args=[case.pk, *self.url_args])


_tabs: dict[str, CaseTab] = {}


def register_tab(tab: CaseTab) -> None:
    if tab.name in _tabs and _tabs[tab.name] != tab:
        raise ValueError(f"Case tab {tab.name!r} is registered twice")
    _tabs[tab.name] = tab


def tabs_for(user: User, case: Case) -> list[CaseTab]:
    return [tab for tab in sorted(_tabs.values(), key=lambda tab: tab.order) if tab.visible(user, case)]


# Labels of the parts of a case that are read without being a tab (a risk assessment's result page, say), for the
# access log; tabs are labelled by their own registration.
_section_labels: dict[str, Any] = {}


def register_section(code: str, label: Any) -> None:
    _section_labels[code] = label


def section_label(code: str) -> str:
    """What a read of the case concerned, as the access log shows it: a tab, or a registered section."""
    tab = _tabs.get(code)
    if tab is not None:
        return str(tab.label)
    return str(_section_labels.get(code, code))


# ---- the case header ----------------------------------------------------------------------------------------------

HeaderNotes = Callable[[Any, Any], list[str]]
_header_notes: list[HeaderNotes] = []


def register_header_notes(notes: HeaderNotes) -> None:
    if notes not in _header_notes:
        _header_notes.append(notes)


def case_page_context(request: HttpRequest, case: Case, tab: str) -> dict[str, Any]:
    """What every case page shows around its tab: the header (survivor, status, level, notes) and the tabs."""
    from concord.cases.rules import is_owning_supervisor, may_edit_case
    from concord.cases.selectors import case_sensitive_allowed

    user: Any = request.user
    return {
        "case": case,
        "tab": tab,
        "tabs": [(item.name, item.label, item.url(case)) for item in tabs_for(user, case)],
        "survivor": next(iter(getattr(case, "survivors", [])), None),
        "sensitive_allowed": case_sensitive_allowed(user, case),
        "can_edit": may_edit_case(user, case),
        "can_approve": is_owning_supervisor(user, case),
        "header_notes": [note for notes in _header_notes for note in notes(user, case)],
    }


# ---- a person's record across cases ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordEntry:
    """One fact about a person from another module (a protection order against him, its breach, a programme),
    in a case the reader may see."""

    case: Any
    when: Any  # a datetime or date, for the order of the list
    title: str
    detail: str = ""
    url: str = ""


# source(user, participant_ids) -> entries: the participants are the person's, in cases the user may see, and the
# source reads its own rows through its scoped querysets as well.
RecordSource = Callable[[Any, list[int]], list[RecordEntry]]
_record_sources: list[RecordSource] = []


def register_record_source(source: RecordSource) -> None:
    if source not in _record_sources:
        _record_sources.append(source)


def record_entries(user: Any, participant_ids: list[int]) -> list[RecordEntry]:
    if not participant_ids:
        return []
    entries = [entry for source in _record_sources for entry in source(user, participant_ids)]
    return sorted(entries, key=lambda entry: str(entry.when), reverse=True)


# ---- events -------------------------------------------------------------------------------------------------------


class CaseEvent(StrEnum):
    """What happens to a case that modules react to. Handlers get the case id and the object's id (never the
    objects themselves: they run after commit, in their own transaction, and read what was committed)."""

    CASE_OPENED = "case_opened"
    PARTICIPANT_ADDED = "participant_added"
    INCIDENT_RECORDED = "incident_recorded"
    ASSESSMENT_COMPLETED = "assessment_completed"
    CASE_CLOSED = "case_closed"
    CASE_REOPENED = "case_reopened"
    # The survivor moved: object_id is the district the case left; the case already holds the new one.
    CASE_MOVED = "case_moved"
    # Fired by the protection module; the referral pathways react to them.
    ORDER_ISSUED = "order_issued"
    ORDER_BREACHED = "order_breached"
    # Fired by the programmes module when an alleged perpetrator drops out of or is excluded from a programme: the
    # risk module makes the case's reassessment due (victim safety).
    PROGRAMME_LEFT = "programme_left"


Handler = Callable[..., None]
_handlers: dict[CaseEvent, list[Handler]] = defaultdict(list)


def on(event: CaseEvent) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        if handler not in _handlers[event]:
            _handlers[event].append(handler)
        return handler

    return register


def emit(event: CaseEvent, *, case_id: int, object_id: int | None = None, actor_id: int | None = None) -> None:
    """Schedule the event's handlers for after the current transaction commits (at once outside one). Each runs
    in its own transaction; one that fails is logged by name, without the case's data, and the others still run."""
    for handler in list(_handlers[event]):
        transaction.on_commit(partial(_run, handler, event, case_id, object_id, actor_id))


def _run(handler: Handler, event: CaseEvent, case_id: int, object_id: int | None, actor_id: int | None) -> None:
    try:
        with transaction.atomic():
            handler(case_id=case_id, object_id=object_id, actor_id=actor_id)
    except Exception:
        logger.exception("Case event handler %s.%s failed on %s", handler.__module__, handler.__qualname__, event)


# ---- the timeline and the audit log, together -----------------------------------------------------------------


def case_log(
    *,
    case: Case,
    actor: User | None,
    kind: str,
    target: Any = None,
    action: str = CaseAuditAction.CASE_CHANGED,
    **details: Any,
) -> TimelineEntry:
    """One line of the case's timeline and its audit event, in the caller's transaction. `kind` is a registered
    timeline kind; `details` are codes and identifiers only (no personal data: the audit log refuses it). The audit
    event records the change under `change` (the kind, unless the details name it)."""
    from concord.cases.models import TimelineEntry

    target = target if target is not None else case
    entry = TimelineEntry.objects.create(
        case=case,
        kind=kind,
        actor=actor,
        agency=getattr(actor, "agency", None),
        object_id=getattr(target, "pk", None),
        details=details,
    )
    audit_record(action=action, actor=actor, target=target, case_id=case.pk, details={"change": str(kind)} | details)
    return entry
