"""One read-only inline that shows any workflow's state changes the same way in the admin."""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import TransitionLog


class TransitionLogInline(GenericTabularInline):
    """Who moved the object from which status to which, when and why; never edited here."""

    model = TransitionLog
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "created_at",
        "from_status_display",
        "to_status_display",
        "actor",
        "comment_display",
    )

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        # Whoever may see the object may see how its status changed.
        opts = self.parent_model._meta
        return request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}")

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description=_("from"))
    def from_status_display(self, obj: TransitionLog) -> str:
        return obj.get_from_status_display()

    @admin.display(description=_("to"))
    def to_status_display(self, obj: TransitionLog) -> str:
        return obj.get_to_status_display()

    @admin.display(description=_("comment"))
    def comment_display(self, obj: TransitionLog) -> str:
        # The portal's own comments (such as the automatic closing of registration) are
        # stored in English and read in the staff member's language; a person's comment
        # shows as written.
        return gettext(obj.comment) if obj.comment else ""
