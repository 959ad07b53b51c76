from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from iomcso.accounts import views as accounts_views
from iomcso.core import views as core_views
from iomcso.core.autocomplete import autocomplete_view

# The admin login goes through allauth, so its rate limits and two-factor apply.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", core_views.healthz, name="healthz"),
    # The switcher remembers a signed-in user's choice (used for their emails too).
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    # The REST API: not under a language prefix (Accept-Language picks the messages' language).
    path("api/v1/", include("partners.api.urls")),
    path("api/v1/", include("consultations.api")),
    path("api/v1/", include("observers.api")),
    # One calendar to subscribe to: every public consultation and Council session.
    path("calendar.ics", include("consultations.feed_urls")),
    path("autocomplete/<slug:source>/", autocomplete_view, name="autocomplete"),
]

urlpatterns += i18n_patterns(
    path("", core_views.home, name="home"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("me/api-tokens/", include("partners.api.page_urls")),
    path("me/", include("iomcso.accounts.urls")),
    path("portal/", include("partners.portal.urls")),
    path("partners/", include("partners.urls")),
    path("consultations/", include("consultations.urls")),
    path("observers/", include("observers.urls")),
    prefix_default_language=True,
)

handler400 = "iomcso.core.views.bad_request"
handler403 = "iomcso.core.views.permission_denied"
handler404 = "iomcso.core.views.page_not_found"
handler500 = "iomcso.core.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.STATIC_URL, document_root=settings.STATIC_ROOT)
