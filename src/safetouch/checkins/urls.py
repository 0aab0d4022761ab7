from django.urls import path

from safetouch.checkins import views

base = "clients/<int:client_id>/between/"
urlpatterns = [
    path(base, views.between, name="between"),
    path(base + "check-in/", views.checkin_new, name="checkin_new"),
    path(base + "check-ins/<int:checkin_id>/", views.checkin_edit, name="checkin_edit"),
    path(base + "check-ins/<int:checkin_id>/delete/", views.checkin_delete, name="checkin_delete"),
    path(base + "routine/", views.routine, name="routine"),
    path(base + "routine/save/", views.routine_save, name="routine_save"),
    path(base + "settings/", views.preferences_save, name="between_preferences"),
    path(base + "reminders.ics", views.reminders_ics, name="reminders_ics"),
    path(base + "feed/", views.feed_create, name="feed_create"),
    path(base + "feed/revoke/", views.feed_revoke, name="feed_revoke"),
    path("feeds/<str:token>/reminders.ics", views.reminders_feed, name="reminders_feed"),
]
