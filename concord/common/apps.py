from django.apps import AppConfig


class CommonConfig(AppConfig):
    default = True
    name = "concord.common"
    label = "common"
