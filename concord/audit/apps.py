from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "concord.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from concord.audit.choices import AuditAction, audit_actions
        from concord.notifications.jobs import register_job

        audit_actions.register(AuditAction)
        register_job("concord.audit.services.seal_audit_job")
