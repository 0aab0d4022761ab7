from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "safetouch.accounts"
    label = "accounts"
