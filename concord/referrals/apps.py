from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "concord.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from concord.accounts.capabilities import Capability
        from concord.accounts.demo import register_demo_users
        from concord.audit.choices import audit_actions
        from concord.cases.choices import timeline_kinds
        from concord.cases.demo import register_case_seeder
        from concord.cases.extension import CaseEvent, CaseTab, on, register_tab
        from concord.cases.national import register_national_section
        from concord.common import agenda as agenda_sources
        from concord.common import navigation, worklist
        from concord.countries import sections
        from concord.notifications.choices import notification_kinds
        from concord.notifications.jobs import register_job
        from concord.referrals import (
            agenda,
            demo,
            national,
            pack,
            pathways,
            selectors,
            stats,  # noqa: F401 - registers its indicators with the statistics
            work,
        )
        from concord.referrals.choices import ReferralAuditAction, ReferralNotification, ReferralTimelineKind

        sections.register(pack.SECTION)
        agenda_sources.register(agenda.SOURCE)
        register_demo_users(demo.receiving_users)
        register_case_seeder(demo.seed_referrals)
        register_national_section(national.ReferralSection())
        audit_actions.register(ReferralAuditAction)
        notification_kinds.register(ReferralNotification)
        timeline_kinds.register(ReferralTimelineKind)
        on(CaseEvent.INCIDENT_RECORDED)(pathways.on_incident)
        on(CaseEvent.PARTICIPANT_ADDED)(pathways.on_participant)
        on(CaseEvent.ASSESSMENT_COMPLETED)(pathways.on_assessment)
        on(CaseEvent.ORDER_ISSUED)(pathways.on_order_issued)
        on(CaseEvent.ORDER_BREACHED)(pathways.on_order_breached)
        for job in (
            "apply_pathways",
            "close_referrals_without_access",
            "remind_referrals",
            "escalate_referrals",
            "expire_referrals",
        ):
            register_job(f"concord.referrals.jobs.{job}")
        register_tab(CaseTab(name="referrals", label=_("Referrals"), url_name="referrals:case_referrals", order=50))
        navigation.register(
            navigation.NavEntry(
                name="referrals",
                label=_("Referrals"),
                url_name="referrals:incoming",
                applies=lambda user: user.has_capability(Capability.EDIT_CASES),
                count=selectors.incoming_count,
                order=20,
            )
        )
        navigation.register(
            navigation.NavEntry(
                name="services",
                label=_("Services"),
                url_name="referrals:directory",
                applies=lambda user: user.agency is not None,
                order=90,
            )
        )
        for source in work.SOURCES:
            worklist.register(source)
