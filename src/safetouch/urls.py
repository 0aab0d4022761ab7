"""URL configuration: each domain app brings its own urls module."""

from django.contrib import admin
from django.http import HttpResponse
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.cache import never_cache
from django.views.generic import RedirectView


@never_cache
def health(request):
    """Liveness for load balancers, and the bare-Django baseline of the load benchmark."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", include("safetouch.accounts.urls")),
    path("", include("safetouch.clients.urls")),
    path("", include("safetouch.treatments.urls")),
    path("", include("safetouch.planning.urls")),
    path("", include("safetouch.handoff.urls")),
    path("", include("safetouch.guidance.urls")),
    path("", include("safetouch.sharing.urls")),
    path("", include("safetouch.audit.urls")),
    path("", include("safetouch.checkins.urls")),
    path("", include("safetouch.api.urls")),
    path("", include("safetouch.portability.urls")),
    path("", include("safetouch.practice.urls")),
    path("", include("safetouch.reminders.urls")),
    path("admin/", admin.site.urls),
    path("healthz", health, name="health"),
    path("favicon.ico", RedirectView.as_view(url=static("safetouch/favicon.svg")), name="favicon"),
]
