from django.urls import path

from concord.countries import views

app_name = "countries"
urlpatterns = [
    path("calendar/", views.calendar_home, name="calendar_home"),
    path("<slug:code>/calendar/<int:year>/", views.calendar_year, name="calendar"),
]
