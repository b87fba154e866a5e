from django.urls import path

from concord.stats import views

app_name = "stats"

urlpatterns = [
    path("statistics/", views.indicator_list, name="indicator_list"),
    path("statistics/dashboard/", views.dashboard, name="dashboard"),
    path("statistics/exports/", views.export_list, name="export_list"),
    path("statistics/exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("statistics/<slug:code>/", views.indicator_table, name="indicator_table"),
    path("statistics/<slug:code>/compare/", views.indicator_compare, name="indicator_compare"),
]
