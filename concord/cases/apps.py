from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "concord.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from concord.audit.choices import audit_actions
        from concord.cases import demo, demo_pack, pack, tabs, work
        from concord.cases.choices import CaseAuditAction, CaseNotification, TimelineKind, timeline_kinds
        from concord.cases.demo import register_demo_finisher
        from concord.cases.extension import register_section, register_tab
        from concord.common import worklist
        from concord.countries import sections
        from concord.notifications.choices import notification_kinds
        from concord.notifications.jobs import register_job

        sections.register(pack.SECTION)
        sections.register(demo_pack.SECTION)
        audit_actions.register(CaseAuditAction)
        notification_kinds.register(CaseNotification)
        timeline_kinds.register(TimelineKind)
        for tab in tabs.CORE_TABS:
            register_tab(tab)
        register_section("api", _("Read through the API"))
        for source in work.SOURCES:
            worklist.register(source)
        register_job("concord.cases.jobs.find_possible_duplicates")
        register_demo_finisher(demo.seed_people_across_cases)
