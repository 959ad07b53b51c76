"""The search vector also holds every translated description (weight B, like the
description), and is rebuilt when the translations change.

Same ``simple`` configuration and ``unaccent`` as migration 0002: no stemming, so a word
of any language is found as written. ``simple`` splits on spaces and punctuation, so a run
of Chinese characters is one lexeme: a Chinese phrase is found by its run (or the start of
it, since the directory searches by prefix), not by a word inside it.

No rows are rewritten going forward (the translations column is new, and empty). Going
back, the organizations that had translations get their vector rebuilt without them.
"""

from django.db import migrations

from partners.search_sql import (
    SEARCH_VECTOR_FUNCTION_WITH_FACETS,
    SEARCH_VECTOR_FUNCTION_WITH_TRANSLATIONS,
    SEARCH_VECTOR_TRIGGER_WITH_FACETS,
    SEARCH_VECTOR_TRIGGER_WITH_TRANSLATIONS,
)


class Migration(migrations.Migration):
    dependencies = [("partners", "0013_profile_translations")]

    operations = [
        migrations.RunSQL(
            SEARCH_VECTOR_FUNCTION_WITH_TRANSLATIONS + SEARCH_VECTOR_TRIGGER_WITH_TRANSLATIONS,
            SEARCH_VECTOR_FUNCTION_WITH_FACETS
            + SEARCH_VECTOR_TRIGGER_WITH_FACETS
            + "UPDATE partners_organization SET name = name "
            "WHERE profile_translations <> '{}'::jsonb;",
        ),
    ]
