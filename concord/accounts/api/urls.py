from django.urls import path

from concord.accounts.api.views import AgencyKindViewSet, AgencyViewSet, ApiTokenViewSet, MeView, UserViewSet, WorkView

# Collected by concord/api/urls.py: (prefix, viewset, basename) for the router, and plain paths.
routes = [
    ("agency-kinds", AgencyKindViewSet, "agency-kind"),
    ("agencies", AgencyViewSet, "agency"),
    ("users", UserViewSet, "user"),
    ("api-tokens", ApiTokenViewSet, "api-token"),
]
urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
    path("work/", WorkView.as_view(), name="api-work"),
]
