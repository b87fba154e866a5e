from django.contrib import admin
from django.http import Http404, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path, re_path

from concord.accounts import views as accounts_views
from concord.audit import views as audit_views
from concord.territory import views as territory_views


def _not_found(request, *args, **kwargs):
    raise Http404


def _favicon(request):
    # Resolved per request: the hashed static name exists only after collectstatic.
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


urlpatterns = [
    path("", accounts_views.home, name="home"),
    path("work/", accounts_views.work, name="work"),
    path("profile/", accounts_views.profile, name="profile"),
    path("language/", accounts_views.set_language, name="set_language"),
    path("membership/", accounts_views.switch_membership, name="switch_membership"),
    path("users/", accounts_views.user_list, name="user_list"),
    path("users/new/", accounts_views.user_create, name="user_create"),
    path("users/<int:pk>/", accounts_views.user_detail, name="user_detail"),
    path("users/<int:pk>/active/", accounts_views.user_set_active, name="user_set_active"),
    path("users/<int:pk>/password/", accounts_views.user_reset_password, name="user_reset_password"),
    path("api-tokens/", accounts_views.api_token_list, name="api_token_list"),
    path("api-tokens/<int:pk>/revoke/", accounts_views.api_token_revoke, name="api_token_revoke"),
    path("agencies/", accounts_views.agency_list, name="agency_list"),
    path("agencies/new/", accounts_views.agency_edit, name="agency_create"),
    path("agencies/<int:pk>/", accounts_views.agency_edit, name="agency_edit"),
    path("territories/", territory_views.territory_browse, name="territory_list"),
    path("territories/<int:pk>/", territory_views.territory_edit, name="territory_edit"),
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("cases/", include("concord.cases.urls")),
    path("", include("concord.risk.urls")),
    path("notifications/", include("concord.notifications.urls")),
    # Staff cannot change their login address, sign up, or log in by e-mailed code: agency administrators
    # manage accounts. These allauth pages are switched off rather than hidden.
    re_path(r"^accounts/(email|signup|login/code|phone|password/set)/", _not_found),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("concord.api.urls")),
    path("favicon.ico", _favicon),
]

handler404 = "concord.common.errors.not_found"
handler500 = "concord.common.errors.server_error"
