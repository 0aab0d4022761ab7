from django.urls import path

from safetouch.clients import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("clients/<int:client_id>/body-map/", views.bodymap, name="bodymap"),
    path("clients/<int:client_id>/body-map/zones/", views.zone_set, name="zone_set"),
    path(
        "clients/<int:client_id>/limits/changes/<int:change_id>/undo/",
        views.limit_undo,
        name="limit_undo",
    ),
    path("clients/<int:client_id>/preferences/", views.preferences, name="preferences"),
    path("clients/<int:client_id>/banned/", views.banned_add, name="banned_add"),
    path(
        "clients/<int:client_id>/banned/<int:banned_id>/delete/",
        views.banned_remove,
        name="banned_remove",
    ),
]
