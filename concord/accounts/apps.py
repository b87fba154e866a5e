from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class ConcordAdminConfig(admin_apps.AdminConfig):
    """Django admin behind the system-administrator capability (admin_site.ConcordAdminSite)."""

    default = False
    default_site = "concord.accounts.admin_site.ConcordAdminSite"


class AccountsConfig(AppConfig):
    default = True
    name = "concord.accounts"
    label = "accounts"
    verbose_name = _("Accounts and agencies")

    def ready(self) -> None:
        from concord.accounts import signals  # noqa: F401 - connects the audit receivers
