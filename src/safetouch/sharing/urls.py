from django.urls import path

from safetouch.sharing import views

urlpatterns = [
    path("sharing/", views.sharing, name="sharing"),
    path("sharing/<int:grant_id>/revoke/", views.grant_revoke, name="grant_revoke"),
    path("clients/", views.client_list, name="client_list"),
    path("clients/accept/", views.code_accept, name="code_accept"),
]
