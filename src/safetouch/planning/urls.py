from django.urls import path

from safetouch.planning import views

base = "clients/<int:client_id>/plan/"
urlpatterns = [
    path(base, views.plan, name="plan"),
    path(base + "check/", views.check, name="plan_check"),
    path(base + "start/", views.start, name="plan_start"),
    path("sharing/pooling/", views.pooling, name="pooling_set"),
    path(base + "save/", views.save, name="plan_save"),
    path(base + "reset/", views.reset, name="plan_reset"),
]
