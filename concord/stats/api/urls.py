from concord.stats.api.views import StatisticsViewSet

routes = [("statistics", StatisticsViewSet, "statistics")]
urlpatterns: list = []
