"""Back office for people. Officials are appointed here (or with ``rantai officials add``)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from rantai.accounts.models import ApiToken, TradeOfficial, User


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class TradeOfficialInline(admin.StackedInline):
    model = TradeOfficial
    fk_name = "user"
    extra = 0
    max_num = 1
    can_delete = True
    verbose_name = _("trade official appointment")
    verbose_name_plural = _("trade official appointment")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    inlines = [TradeOfficialInline]
    ordering = ["email"]
    list_display = ["email", "full_name", "email_verified", "is_active", "is_staff", "date_joined"]
    list_filter = ["email_verified", "is_active", "is_staff", "is_superuser", "preferred_language"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "preferred_language", "email_verified")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )

    def get_inline_instances(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        # A new user is created first (e-mail and password); the appointment is added on its change page.
        return super().get_inline_instances(request, obj) if obj is not None else []

    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "password1", "password2"),
            },
        ),
    )


@admin.register(TradeOfficial)
class TradeOfficialAdmin(admin.ModelAdmin):
    list_display = ["user", "economy", "agency", "position", "active", "appointed_at"]
    list_filter = ["active", "economy"]
    search_fields = ["user__email", "agency"]
    autocomplete_fields = ["user"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued on the profile page, where the secret is shown once; here they are only
    read or revoked."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "user__email"]
    readonly_fields = ["user", "prefix", "key_hash", "created_at", "last_used_at"]
    fields = ["name", "user", "prefix", "key_hash", "created_at", "last_used_at", "revoked_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
