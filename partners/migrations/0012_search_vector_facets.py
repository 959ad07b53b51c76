"""The directory's filters join its search in the search vector, as facet lexemes.

Each organization's vector also holds one lexeme per filter value: ``T_<type>``,
``L_<level>``, ``C_<country>`` (headquarters and countries of operation), ``R_<region>``,
``A_<activity>`` and ``S_<setting>``. Their upper-case prefix can never come from a
visitor's words (search text is lower-cased before it becomes a query), so a search for
"transport" never matches ``T_ngo``. With them, a search and any number of filters are one
``@@`` on one GIN index instead of a bitmap AND of four indexes (728 ms at 1M for a
search and two filters, 46 ms as one index condition).
"""

from django.db import migrations

from partners.search_sql import (
    SEARCH_VECTOR_FUNCTION_WITH_FACETS,
    SEARCH_VECTOR_FUNCTION_WORDS_ONLY,
    SEARCH_VECTOR_TRIGGER_WITH_FACETS,
    SEARCH_VECTOR_TRIGGER_WORDS_ONLY,
)


class Migration(migrations.Migration):
    dependencies = [("partners", "0011_choose_codes_from_lists")]

    operations = [
        migrations.RunSQL(
            SEARCH_VECTOR_FUNCTION_WITH_FACETS
            + SEARCH_VECTOR_TRIGGER_WITH_FACETS
            + "UPDATE partners_organization SET name = name;",
            SEARCH_VECTOR_FUNCTION_WORDS_ONLY
            + SEARCH_VECTOR_TRIGGER_WORDS_ONLY
            + "UPDATE partners_organization SET name = name;",
        ),
    ]
