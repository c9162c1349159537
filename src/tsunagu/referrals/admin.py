from django.contrib import admin

from .models import ReceivingWindow


@admin.register(ReceivingWindow)
class ReceivingWindowAdmin(admin.ModelAdmin):
    """Which staff organisation receives each service's referrals. Referrals themselves are
    not in the admin: personal records are read only through the logged staff pages."""

    list_display = ["service", "organisation"]
    autocomplete_fields = []
    list_select_related = ["service", "organisation"]
