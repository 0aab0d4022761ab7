from django.urls import path

from safetouch.guidance import views

urlpatterns = [
    path("guide/", views.index, name="guide"),
    path("guide/should-i-get-a-massage/", views.massage, name="guide_massage"),
    path("guide/positioning/", views.positioning, name="guide_positioning"),
    path("guide/stretches/", views.stretches, name="guide_stretches"),
]
