"""/api/v1/: the routes every Concord app declares in its own api/urls.py (`routes` for the router, `urlpatterns`
for plain views), collected here so that the API knows no app by name and a new module only adds its file."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from concord.api.routers import Router

router = Router()
app_paths: list = []
for config in apps.get_app_configs():
    module_name = f"{config.name}.api.urls"
    if not config.name.startswith("concord.") or find_spec(f"{config.name}.api") is None:
        continue
    if find_spec(module_name) is None:
        continue
    module = import_module(module_name)
    for prefix, viewset, basename in module.routes:
        router.register(prefix, viewset, basename=basename)
    app_paths += module.urlpatterns

urlpatterns = [
    *app_paths,
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("", include(router.urls)),
]
