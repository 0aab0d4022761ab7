from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "safetouch.audit"
    verbose_name = "Audit trail"
