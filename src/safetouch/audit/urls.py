from django.urls import path

from safetouch.audit import views

urlpatterns = [
    path("account/access-log/", views.access_log, name="access_log"),
]
