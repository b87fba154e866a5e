from django.urls import path

from concord.protection import views

app_name = "protection"

urlpatterns = [
    path("cases/<int:pk>/protection/", views.case_protection, name="case_protection"),
    path("cases/<int:pk>/protection/apply/", views.order_create, name="order_create"),
    path("cases/<int:pk>/proceedings/new/", views.proceeding_create, name="proceeding_create"),
    path("orders/", views.order_register, name="register"),
    path("orders/export.xlsx", views.order_register_export, name="register_export"),
    path("orders/<int:pk>/", views.order_detail, name="order_detail"),
    path("orders/<int:pk>/decide/", views.order_decide, name="order_decide"),
    path("orders/<int:pk>/extend/", views.order_extend, name="order_extend"),
    path("orders/<int:pk>/revoke/", views.order_revoke, name="order_revoke"),
    path("orders/<int:pk>/appeal/", views.order_appeal, name="order_appeal"),
    path("orders/<int:pk>/appeal-decision/", views.order_appeal_decide, name="order_appeal_decide"),
    path("orders/<int:pk>/dates/", views.order_dates, name="order_dates"),
    path("orders/<int:pk>/document/", views.order_document, name="order_document"),
    path("orders/<int:pk>/breaches/", views.breach_create, name="breach_create"),
    path("proceedings/<int:pk>/steps/", views.step_create, name="step_create"),
]
