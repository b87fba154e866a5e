from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CommonConfig(AppConfig):
    default = True
    name = "concord.common"
    label = "common"


class ConcordAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "concord.common.admin.ConcordAdminSite"
