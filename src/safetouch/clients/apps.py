from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "safetouch.clients"
    label = "clients"
