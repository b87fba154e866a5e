from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "concord.risk"
    label = "risk"
    verbose_name = _("Risk assessment")

    def ready(self) -> None:
        from concord.audit.choices import audit_actions
        from concord.cases.choices import timeline_kinds
        from concord.countries import sections
        from concord.notifications.choices import notification_kinds
        from concord.notifications.jobs import register_job
        from concord.risk import pack
        from concord.risk.choices import RiskAuditAction, RiskNotification, RiskTimelineKind

        sections.register(pack.SECTION)
        audit_actions.register(RiskAuditAction)
        notification_kinds.register(RiskNotification)
        register_job("concord.risk.jobs.remind_reassessments")
        timeline_kinds.register(RiskTimelineKind)
