from django.urls import path

from safetouch.portability import views

base = "clients/<int:client_id>/export/"
urlpatterns = [
    path(base, views.export_page, name="export"),
    path(base + "account.json", views.account_json, name="export_json"),
    path(base + "<str:table>.csv", views.table_csv, name="export_csv"),
    path(base + "fhir.json", views.fhir_json, name="export_fhir"),
]
