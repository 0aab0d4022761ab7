from django.urls import path

from safetouch.treatments import views

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
    path("clients/<int:client_id>/too-much/lighter/", views.lighter_ok, name="lighter_ok"),
]
