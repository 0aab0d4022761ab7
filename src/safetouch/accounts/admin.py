from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from safetouch.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "role", "is_staff"]
    search_fields = ["email", "first_name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "role"]}),
        ("Personal", {"fields": ["first_name", "last_name"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
