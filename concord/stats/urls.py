from django.urls import path

from concord.stats import views

app_name = "stats"

urlpatterns = [
    path("statistics/", views.indicator_list, name="indicator_list"),
    path("statistics/<slug:code>/", views.indicator_table, name="indicator_table"),
    path("statistics/<slug:code>/compare/", views.indicator_compare, name="indicator_compare"),
]
