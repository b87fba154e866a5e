from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "concord.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from concord.audit.choices import audit_actions
        from concord.cases import pack
        from concord.cases.choices import CaseAuditAction, CaseNotification, TimelineKind, timeline_kinds
        from concord.countries import sections
        from concord.notifications.choices import notification_kinds

        sections.register(pack.SECTION)
        audit_actions.register(CaseAuditAction)
        notification_kinds.register(CaseNotification)
        timeline_kinds.register(TimelineKind)
