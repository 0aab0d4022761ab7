"""The audit trail in the admin: searchable, never editable."""

from django.contrib import admin

from safetouch.records.models import AccessEvent


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    list_display = ("created", "actor", "actor_role", "client", "action", "access", "ip")
    list_filter = ("access", "actor_role")
    search_fields = ("actor__email", "action", "ip")
    date_hierarchy = "created"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
