"""Messages of packages that ship no catalogue (or an incomplete one) for French or Spanish.

django-simple-history 3.13 has no Spanish catalogue, and its French one predates some of its
strings. ``makemessages`` keeps only the strings it finds in our code, so they are listed
here; their translations live in our catalogues under locale/, which Django reads before the
packages' own (LOCALE_PATHS). Nothing imports this module.

The history list's own strings come from our copy of its template
(templates/admin/simple_history/object_history_list.html). Compare with the package when
upgrading, and delete an entry once the package translates it in both languages.
"""

from django.utils.translation import gettext_noop

SIMPLE_HISTORY = [
    # simple_history/admin.py
    gettext_noop("View history: %s"),
    gettext_noop("Change history: %s"),
    gettext_noop('The %(name)s "%(obj)s" was changed successfully.'),
    gettext_noop("You may edit it again below"),
    gettext_noop("View %s"),
    gettext_noop("Revert %s"),
    # simple_history/models.py: the kind of each history row, and a deleted object
    gettext_noop("Created"),
    gettext_noop("Changed"),
    gettext_noop("Deleted"),
    gettext_noop("Deleted %(type_name)s"),
    # simple_history/templates/simple_history/object_history.html
    gettext_noop(
        "Choose a date from the list below to revert to a previous version of this object."
    ),
    gettext_noop("This object doesn't have a change history."),
    # simple_history/templates/simple_history/object_history_form.html and submit_line.html
    gettext_noop("View %(verbose_name)s"),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("Press the 'Revert' button below to revert to this version of the object."),
    gettext_noop("Press the 'Change History' button below to edit the history."),
    gettext_noop("Revert"),
    gettext_noop("Change History"),
    gettext_noop("Close"),
]
