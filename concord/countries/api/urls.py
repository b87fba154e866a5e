from concord.countries.api.views import CountryViewSet

routes = [("countries", CountryViewSet, "country")]
urlpatterns: list = []
