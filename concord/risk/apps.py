from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "concord.risk"
    label = "risk"
    verbose_name = _("Risk assessment")

    def ready(self) -> None:
        from concord.audit.choices import audit_actions
        from concord.cases.choices import timeline_kinds
        from concord.cases.demo import register_case_seeder
        from concord.cases.extension import (
            CaseEvent,
            CaseTab,
            on,
            register_header_notes,
            register_section,
            register_tab,
        )
        from concord.cases.national import register_national_section
        from concord.common import worklist
        from concord.countries import sections
        from concord.notifications.choices import notification_kinds
        from concord.notifications.jobs import register_job
        from concord.risk import (
            demo,
            national,
            pack,
            selectors,
            services,
            stats,  # noqa: F401 - registers its indicators with the statistics
            work,
        )
        from concord.risk.choices import RiskAuditAction, RiskNotification, RiskTimelineKind

        sections.register(pack.SECTION)
        audit_actions.register(RiskAuditAction)
        notification_kinds.register(RiskNotification)
        register_job("concord.risk.jobs.complete_incident_flags")
        register_job("concord.risk.jobs.remind_reassessments")
        timeline_kinds.register(RiskTimelineKind)
        on(CaseEvent.INCIDENT_RECORDED)(services.incident_flag)
        on(CaseEvent.ORDER_BREACHED)(services.on_order_breached)
        on(CaseEvent.PROGRAMME_LEFT)(services.on_programme_left)
        register_tab(CaseTab(name="risk", label=_("Risk"), url_name="risk:case_risk", order=40))
        register_header_notes(selectors.header_notes)
        register_section("risk_assessment", _("Risk assessment result"))
        register_case_seeder(demo.seed_assessments)
        register_national_section(national.RiskSection())
        for source in work.SOURCES:
            worklist.register(source)
