from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "concord.protection"
    label = "protection"
    verbose_name = _("Legal protection")

    def ready(self) -> None:
        from concord.accounts.capabilities import CASE_READER_CAPABILITIES
        from concord.audit.choices import audit_actions
        from concord.cases.choices import timeline_kinds
        from concord.cases.demo import register_case_seeder
        from concord.cases.extension import CaseTab, register_record_source, register_tab
        from concord.cases.national import register_national_section
        from concord.common import agenda as agenda_sources
        from concord.common import navigation, worklist
        from concord.common import obligations as obligation_readers
        from concord.countries import sections
        from concord.notifications.choices import notification_kinds
        from concord.notifications.jobs import register_job
        from concord.protection import (
            agenda,
            demo,
            national,
            obligations,
            pack,
            stats,  # noqa: F401 - registers its indicators with the statistics
            work,
        )
        from concord.protection.choices import ProtectionAuditAction, ProtectionNotification, ProtectionTimelineKind
        from concord.protection.selectors import person_record

        sections.register(pack.SECTION)
        register_record_source(person_record)
        agenda_sources.register(agenda.SOURCE)
        obligation_readers.register(obligations.EVENT, obligations.order_obligations)
        register_national_section(national.ProtectionSection())
        register_case_seeder(demo.seed_orders)
        audit_actions.register(ProtectionAuditAction)
        notification_kinds.register(ProtectionNotification)
        timeline_kinds.register(ProtectionTimelineKind)
        register_tab(
            CaseTab(
                name="protection", label=_("Orders and proceedings"), url_name="protection:case_protection", order=60
            )
        )
        navigation.register(
            navigation.NavEntry(
                name="protection",
                label=_("Protection orders"),
                url_name="protection:register",
                applies=lambda user: any(user.has_capability(c) for c in CASE_READER_CAPABILITIES),
                order=30,
            )
        )
        for source in work.SOURCES:
            worklist.register(source)
        for job in (
            "expire_orders",
            "remind_decisions",
            "remind_expiries",
            "find_protection_gaps",
            "replay_order_events",
        ):
            register_job(f"concord.protection.jobs.{job}")
