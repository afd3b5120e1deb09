"""Configuration of early language support: the screening measures the pathfinder uses. The
service holds no test content, only each measure's name, score range and the score from which
a child is at the level expected for their age. Children's records are not edited here."""

from django.contrib import admin

from elsec.models import ScreeningTool


@admin.register(ScreeningTool)
class ScreeningToolAdmin(admin.ModelAdmin):
    list_display = ["name", "lowest_score", "highest_score", "expected_from", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
