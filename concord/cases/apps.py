from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "concord.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from concord.cases import pack
        from concord.countries import sections

        sections.register(pack.SECTION)
