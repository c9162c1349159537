from django.contrib import admin

from .models import Area


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kana", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("code", "jis_code", "name", "kana", "romaji")
    list_select_related = ("parent",)
