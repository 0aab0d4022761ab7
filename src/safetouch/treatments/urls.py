from django.urls import path

from safetouch.treatments import live, views

base = "clients/<int:client_id>/sessions/"
urlpatterns = [
    path(base, views.history, name="history"),
    path(base + "new/", views.session_new, name="session_new"),
    path(base + "<int:session_id>/", views.session_detail, name="session_detail"),
    path(base + "<int:session_id>/items/", views.item_add, name="item_add"),
    path(base + "<int:session_id>/items/<int:item_id>/flag/", views.item_flag, name="item_flag"),
    path(
        base + "<int:session_id>/items/<int:item_id>/delete/",
        views.item_delete,
        name="item_delete",
    ),
    path(base + "<int:session_id>/outcome/", views.outcome, name="outcome"),
    path(base + "<int:session_id>/live/", live.live, name="session_live"),
    path(base + "<int:session_id>/live/taps/", live.tap, name="session_tap"),
    path(base + "<int:session_id>/live/check/", live.check, name="session_live_check"),
    path("live/heartbeat/", live.heartbeat, name="live_heartbeat"),
    path("clients/<int:client_id>/too-much/lighter/", views.lighter_ok, name="lighter_ok"),
]
