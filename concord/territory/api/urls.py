from concord.territory.api.views import TerritoryViewSet

routes = [("territories", TerritoryViewSet, "territory")]
urlpatterns: list = []
