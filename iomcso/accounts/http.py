"""The request type of views that only a signed-in user reaches."""

from django.http import HttpRequest

from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request behind ``@login_required`` (or a check like it): ``request.user`` is a ``User``.

    Only an annotation for the type checker; Django still passes its own ``HttpRequest``.
    """

    user: User
