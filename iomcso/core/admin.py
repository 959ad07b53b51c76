from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .admin_accessibility import use_labelled_datetime_inputs
from .models import AuditRecord, OutboxMessage, ReminderLog
from .services import SECRET_BEARING_TEMPLATES

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

    def get_readonly_fields(self, request, obj=None):
        # A password-reset or verification email is a key to someone's account: staff
        # (superusers included) see that it was sent, never its body.
        if obj is not None and obj.template.startswith(SECRET_BEARING_TEMPLATES):
            return [name for name in self.readonly_fields if name not in HIDDEN_BODY_FIELDS]
        return self.readonly_fields

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


HIDDEN_BODY_FIELDS = ("body_text", "body_html", "attachments")


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


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    """The audit log, read-only: searchable by who, object, address and request id."""

    list_display = ["created_at", "action", "actor_email", "target_repr", "message", "ip_address"]
    list_filter = ["action", "created_at", "target_type"]
    search_fields = ["actor_email", "target_repr", "target_id", "ip_address", "request_id"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    list_select_related = False
    readonly_fields = [field.name for field in AuditRecord._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
