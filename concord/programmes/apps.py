from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "concord.programmes"
    label = "programmes"
    verbose_name = _("Perpetrator programmes")

    def ready(self) -> None:
        from concord.accounts.capabilities import CASE_READER_CAPABILITIES, Capability
        from concord.accounts.demo import register_demo_users
        from concord.audit.choices import audit_actions
        from concord.cases.choices import timeline_kinds
        from concord.cases.demo import register_demo_finisher
        from concord.cases.extension import CaseEvent, CaseTab, on, register_record_source, register_tab
        from concord.cases.national import register_national_section
        from concord.common import navigation, worklist
        from concord.countries import sections
        from concord.notifications.choices import notification_kinds
        from concord.notifications.jobs import register_job
        from concord.programmes import (
            demo,
            national,
            pack,
            selectors,
            services,
            stats,  # noqa: F401 - registers its indicators with the statistics
            work,
        )
        from concord.programmes.choices import ProgrammesAuditAction, ProgrammesNotification, ProgrammesTimelineKind

        sections.register(pack.SECTION)
        register_demo_users(demo.provider_users)
        register_demo_finisher(demo.seed_programmes)
        register_demo_finisher(demo.seed_trainings)
        register_demo_finisher(demo.seed_outreach)
        register_national_section(national.ProgrammesSection())
        register_national_section(national.TrainingsSection())
        register_record_source(selectors.person_record)
        audit_actions.register(ProgrammesAuditAction)
        notification_kinds.register(ProgrammesNotification)
        timeline_kinds.register(ProgrammesTimelineKind)
        on(CaseEvent.ORDER_ISSUED)(services.on_order_issued)
        register_tab(CaseTab(name="programmes", label=_("Programmes"), url_name="programmes:case_programmes", order=65))
        navigation.register(
            navigation.NavEntry(
                name="programmes",
                label=_("Programmes"),
                url_name="programmes:programme_list",
                applies=lambda user: any(user.has_capability(c) for c in CASE_READER_CAPABILITIES),
                order=35,
            )
        )
        navigation.register(
            navigation.NavEntry(
                name="trainings",
                label=_("Trainings"),
                url_name="programmes:training_plan_list",
                applies=lambda user: (
                    user.has_capability(Capability.RUN_TRAININGS) or user.has_capability(Capability.VIEW_STATISTICS)
                ),
                order=45,
            )
        )
        navigation.register(
            navigation.NavEntry(
                name="library",
                label=_("Library"),
                url_name="programmes:material_list",
                applies=lambda user: user.membership is not None,
                order=90,
            )
        )
        for source in work.SOURCES:
            worklist.register(source)
        for job in ("remind_first_contact", "replay_programme_events"):
            register_job(f"concord.programmes.jobs.{job}")
