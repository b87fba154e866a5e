from concord.referrals.api.views import AgencyServiceViewSet, HotlineViewSet, ReferralViewSet, ServiceTypeViewSet

routes = [
    ("service-types", ServiceTypeViewSet, "service-type"),
    ("services", AgencyServiceViewSet, "agency-service"),
    ("hotlines", HotlineViewSet, "hotline"),
    ("referrals", ReferralViewSet, "referral"),
]
urlpatterns: list = []
