from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CountriesConfig(AppConfig):
    name = "concord.countries"
    label = "countries"
    verbose_name = _("Country packs")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from concord.countries.models import Country
        from concord.countries.profiles import reload_profiles

        # A pack (re)loaded in this process changes the zone at once; others read it again within minutes.
        post_save.connect(reload_profiles, sender=Country, dispatch_uid="countries.reload_profiles.save")
        post_delete.connect(reload_profiles, sender=Country, dispatch_uid="countries.reload_profiles.delete")
