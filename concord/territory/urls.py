from django.urls import path

from concord.territory import views

app_name = "territory"
urlpatterns = [
    path("", views.territory_browse, name="territory_list"),
    path("<int:pk>/", views.territory_edit, name="territory_edit"),
]
