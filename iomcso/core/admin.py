from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .admin_accessibility import use_labelled_datetime_inputs
from .models import OutboxMessage, ReminderLog

# Admin modules load in INSTALLED_APPS order and ours comes before the other apps' admins,
# which copy the date-time default when they are registered.
use_labelled_datetime_inputs()


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = [
        "subject",
        "recipients",
        "language",
        "status",
        "attempts",
        "created_at",
        "sent_at",
    ]
    list_filter = ["status", "language", "template"]
    search_fields = ["subject", "to"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]

    @admin.display(description=_("recipients"))
    def recipients(self, obj: OutboxMessage) -> str:
        return ", ".join(obj.to)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["kind", "recipient", "subject_key", "period", "created_at"]
    list_filter = ["kind", "period"]
    search_fields = ["recipient", "subject_key"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    readonly_fields = ["kind", "recipient", "subject_key", "period", "outbox_message", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
