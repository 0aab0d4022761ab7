from django.urls import path

from safetouch.practice import views

urlpatterns = [
    path("practice/", views.workspace, name="workspace"),
    path("clients/<int:client_id>/brief/", views.brief, name="brief"),
]
