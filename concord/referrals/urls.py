from django.urls import path

from concord.referrals import views

app_name = "referrals"
urlpatterns = [
    path("cases/<int:pk>/referrals/", views.case_referrals, name="case_referrals"),
    path("cases/<int:pk>/referrals/new/", views.referral_create, name="referral_create"),
    path("cases/<int:pk>/referrals/new/services/", views.referral_service_options, name="referral_service_options"),
    path("referrals/", views.incoming, name="incoming"),
    path("referrals/sent/", views.outgoing, name="outgoing"),
    path("referrals/team/", views.team, name="team"),
    path("referrals/territory/", views.territory, name="territory"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/accept/", views.referral_accept, name="referral_accept"),
    path("referrals/<int:pk>/decline/", views.referral_decline, name="referral_decline"),
    path("referrals/<int:pk>/complete/", views.referral_complete, name="referral_complete"),
    path("referrals/<int:pk>/revoke/", views.referral_revoke, name="referral_revoke"),
    path("referrals/<int:pk>/reassign/", views.referral_reassign, name="referral_reassign"),
    path("referrals/<int:pk>/attempts/", views.referral_attempt, name="referral_attempt"),
    path("services/", views.directory, name="directory"),
    path("services/<int:pk>/places/", views.service_places, name="service_places"),
]
