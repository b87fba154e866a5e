from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "concord.risk"
    label = "risk"
    verbose_name = _("Risk assessment")

    def ready(self) -> None:
        from concord.countries import sections
        from concord.risk import pack

        sections.register(pack.SECTION)
