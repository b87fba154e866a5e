from django.urls import path

from concord.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("work/", views.work, name="work"),
    path("profile/", views.profile, name="profile"),
    path("language/", views.set_language, name="set_language"),
    path("membership/", views.switch_membership, name="switch_membership"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/active/", views.user_set_active, name="user_set_active"),
    path("users/<int:pk>/password/", views.user_reset_password, name="user_reset_password"),
    path("api-tokens/", views.api_token_list, name="api_token_list"),
    path("api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/new/", views.agency_edit, name="agency_create"),
    path("agencies/options/", views.agency_options, name="agency_options"),
    path("agencies/<int:pk>/", views.agency_edit, name="agency_edit"),
]
