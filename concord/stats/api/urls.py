from concord.stats.api.views import StatisticsExportViewSet, StatisticsViewSet

# The exports first: "exports" would otherwise be read as an indicator's code.
routes = [
    ("statistics/exports", StatisticsExportViewSet, "statistics-exports"),
    ("statistics", StatisticsViewSet, "statistics"),
]
urlpatterns: list = []
