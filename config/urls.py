from django.contrib import admin
from django.db import connection
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.generic import RedirectView


def _not_found(request, *args, **kwargs):
    raise Http404


def _health(request):
    """For load balancers, monitoring and the load benchmark's framework floor: the application answers and its
    database too. No login, no personal data, nothing written."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _favicon(request):
    # Resolved per request: the hashed static name exists only after collectstatic.
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


urlpatterns = [
    path("", include("concord.accounts.urls")),
    path("territories/", include("concord.territory.urls")),
    path("countries/", include("concord.countries.urls")),
    path("audit/", include("concord.audit.urls")),
    path("cases/", include("concord.cases.urls")),
    path("", include("concord.risk.urls")),
    path("", include("concord.referrals.urls")),
    path("", include("concord.protection.urls")),
    path("", include("concord.groups.urls")),
    path("", include("concord.programmes.urls")),
    path("", include("concord.stats.urls")),
    path("notifications/", include("concord.notifications.urls")),
    # Staff cannot change their login address, sign up, or log in by e-mailed code: agency administrators
    # manage accounts. These allauth pages are switched off rather than hidden.
    re_path(r"^accounts/(email|signup|login/code|phone|password/set)/", _not_found),
    # /accounts/ itself is no page of allauth's: send people home (the login page when signed out).
    path("accounts/", RedirectView.as_view(pattern_name="accounts:home", permanent=False)),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("concord.api.urls")),
    path("favicon.ico", _favicon),
    path("healthz", _health),
]

handler404 = "concord.common.errors.not_found"
handler500 = "concord.common.errors.server_error"
