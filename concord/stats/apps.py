from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "concord.stats"
    label = "stats"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from concord.accounts.capabilities import Capability
        from concord.audit.choices import audit_actions
        from concord.cases.extension import CaseEvent, on
        from concord.cases.national import register_national_section
        from concord.common import navigation
        from concord.countries import sections
        from concord.notifications.jobs import register_job
        from concord.stats import facts, indicators, pack  # noqa: F401 - registers the case core's indicators
        from concord.stats.choices import StatsAuditAction
        from concord.stats.national import StatisticsSection

        # A new incident, or a case that gains a perpetrator, counts at once; other edits by the nightly rebuild.
        on(CaseEvent.INCIDENT_RECORDED)(facts.on_case_changed)
        on(CaseEvent.PARTICIPANT_ADDED)(facts.on_case_changed)
        register_job("concord.stats.report.count_due")
        register_national_section(StatisticsSection())
        sections.register(pack.SECTION)
        audit_actions.register(StatsAuditAction)

        navigation.register(
            navigation.NavEntry(
                name="statistics",
                label=_("Statistics"),
                url_name="stats:indicator_list",
                applies=lambda user: user.has_capability(Capability.VIEW_STATISTICS),
                order=80,
            )
        )
