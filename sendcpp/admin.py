"""The admin is for administrators configuring users, organisations and teams. Case content is
not edited here: state changes go through services, and the audit tables are read-only."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from sendcpp.models import BankHoliday, Organisation, StaffProfile, Team, User


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [StaffProfileInline]
    list_display = [
        "username",
        "first_name",
        "last_name",
        "account_type",
        "organisation",
        "is_active",
    ]
    list_filter = ["account_type", "is_active"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Service", {"fields": ("account_type", "organisation")}),
    )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "urn", "ukprn", "la_code"]
    list_filter = ["kind"]
    search_fields = ["name", "urn", "ukprn"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "local_authority"]


@admin.register(BankHoliday)
class BankHolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "title"]
