from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "concord.stats"
    label = "stats"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from concord.accounts.capabilities import Capability
        from concord.common import navigation
        from concord.stats import indicators  # noqa: F401 - registers the case core's indicators

        navigation.register(
            navigation.NavEntry(
                name="statistics",
                label=_("Statistics"),
                url_name="stats:indicator_list",
                applies=lambda user: user.has_capability(Capability.VIEW_STATISTICS),
                order=80,
            )
        )
