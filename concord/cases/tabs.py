"""The case register's own tabs; modules add theirs with extension.register_tab (risk adds "Risk")."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from concord.cases.extension import CaseTab
from concord.cases.rules import is_owning_supervisor


def _tab(name: str, label, order: int) -> CaseTab:
    return CaseTab(name=name, label=label, url_name="cases:case_tab", url_args=(name,), order=order)


CORE_TABS = (
    CaseTab(name="overview", label=_("Overview"), url_name="cases:case_detail", order=10),
    _tab("people", _("People"), 20),
    _tab("incidents", _("Incidents"), 30),
    _tab("plan", _("Plan"), 50),
    _tab("notes", _("Notes"), 60),
    _tab("documents", _("Documents"), 70),
    _tab("timeline", _("Timeline"), 80),
    CaseTab(
        name="access_log",
        label=_("Access log"),
        url_name="cases:case_tab",
        url_args=("access_log",),
        order=90,
        visible=lambda user, case: is_owning_supervisor(user, case),
    ),
)
