from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "concord.groups"
    label = "groups"
    verbose_name = _("Monitoring groups")

    def ready(self) -> None:
        from concord.accounts.demo import register_demo_users
        from concord.audit.choices import audit_actions
        from concord.cases.choices import timeline_kinds
        from concord.cases.demo import register_demo_finisher
        from concord.cases.extension import CaseEvent, on
        from concord.cases.national import register_national_section
        from concord.cases.scoping import register_scope
        from concord.common import audiences as audience_sources
        from concord.common import navigation, worklist
        from concord.countries import sections
        from concord.groups import (
            audiences,
            demo,
            national,
            pack,
            selectors,
            services,
            stats,  # noqa: F401 - registers its indicators with the statistics
            work,
        )
        from concord.groups.choices import GroupsAuditAction, GroupsNotification, GroupsTimelineKind
        from concord.notifications.choices import notification_kinds
        from concord.notifications.jobs import register_job

        sections.register(pack.SECTION)
        audit_actions.register(GroupsAuditAction)
        notification_kinds.register(GroupsNotification)
        timeline_kinds.register(GroupsTimelineKind)
        register_scope(selectors.agenda_scope)
        audience_sources.register(audiences.SOURCE)
        register_demo_users(demo.chair_users)
        register_demo_finisher(demo.seed_group)
        register_national_section(national.GroupSection())
        on(CaseEvent.CASE_MOVED)(services.on_case_moved)
        for source in work.SOURCES:
            worklist.register(source)
        navigation.register(
            navigation.NavEntry(
                name="groups",
                label=_("Monitoring groups"),
                url_name="groups:group_list",
                applies=selectors.has_groups,
                order=40,
            )
        )
        for job in ("remind_actions", "remind_minutes", "transfer_moved_cases"):
            register_job(f"concord.groups.jobs.{job}")
