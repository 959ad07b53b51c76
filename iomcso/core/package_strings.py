"""Strings of Django and its packages that their own catalogues leave in English in some of
the site's languages: django-celery-beat ships no Arabic catalogue, and Django's Chinese and
Arabic catalogues miss a few recent strings. Marked here so ``makemessages`` copies them into
the project's catalogues, which Django reads before the packages' (LOCALE_PATHS).

Where a package translates a string itself, our catalogue carries the package's own wording.
"""

from django.utils.translation import gettext_noop

PACKAGE_STRINGS = [
    # django.contrib.admin (app_list.html): missing in Chinese.
    gettext_noop("Change or view list link"),
    # django.contrib.auth (UserChangeForm): missing in Arabic.
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),
    # django.contrib.auth (password summary): Arabic keeps these two in English.
    gettext_noop("hash"),
    gettext_noop("salt"),
    # django.conf.locale.LANG_INFO language names (the language pickers list every one):
    # missing in Django's Arabic, and the two Norwegian ones in its Chinese and Russian.
    gettext_noop("Central Kurdish (Sorani)"),
    gettext_noop("Malay"),
    gettext_noop("Norwegian"),
    gettext_noop("Norwegian Bokmal"),
    gettext_noop("Uyghur"),
    # django-celery-beat: no Arabic catalogue; its admin's sentences.
    gettext_noop("Enable selected tasks"),
    gettext_noop("Disable selected tasks"),
    gettext_noop("Toggle activity of selected tasks"),
    gettext_noop("Run selected tasks"),
    gettext_noop("One-off Task"),
    gettext_noop("Last Run Datetime"),
]
