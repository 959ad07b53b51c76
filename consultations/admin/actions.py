"""Admin actions that run one service per selected object (a consultation's or a
registration's next step)."""

from collections.abc import Callable, Iterable

from django.contrib import admin, messages
from django.core.exceptions import ValidationError


def service_action(
    service: Callable[..., object],
    label,
    *,
    argument: str,
    updated: Callable[[int], str],
    related: Iterable[str] = (),
):
    """An action calling ``service(<argument>=object, actor=user)`` for each selected
    object. A refusal (a ``ValidationError``, which ``InvalidTransition`` is) is reported
    for its object and the others go on; ``updated(count)`` says how many changed."""

    def action(modeladmin, request, queryset):
        done = 0
        for obj in queryset.select_related(*related):
            try:
                service(**{argument: obj}, actor=request.user)
            except ValidationError as error:
                modeladmin.message_user(
                    request, f"{obj}: {' '.join(error.messages)}", level=messages.ERROR
                )
            else:
                done += 1
        if done:
            modeladmin.message_user(request, updated(done), level=messages.SUCCESS)

    action.__name__ = service.__name__
    return admin.action(description=label, permissions=["change"])(action)
