"""URL configuration: each domain app brings its own urls module."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("safetouch.accounts.urls")),
    path("", include("safetouch.clients.urls")),
    path("", include("safetouch.treatments.urls")),
    path("", include("safetouch.api.urls")),
    path("", include("safetouch.portability.urls")),
    path("admin/", admin.site.urls),
]
