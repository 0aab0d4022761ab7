from django.urls import path

from safetouch.handoff import views

base = "clients/<int:client_id>/"
urlpatterns = [
    path(base + "handoff/", views.sheet, name="sheet"),
    path(base + "handoff/sheet.pdf", views.sheet_download, name="sheet_pdf"),
    path(base + "share/", views.shares, name="shares"),
    path(base + "share/<int:link_id>/revoke/", views.share_revoke, name="share_revoke"),
    path("shared/<str:token>/", views.shared, name="shared"),
    path("shared/<str:token>/sheet.pdf", views.shared_download, name="shared_pdf"),
]
