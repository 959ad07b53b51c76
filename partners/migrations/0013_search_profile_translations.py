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

SEARCH_VECTOR_FUNCTION = """
CREATE OR REPLACE FUNCTION partners_organization_search_vector() RETURNS trigger AS $$
DECLARE
    translated text;
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('simple'::regconfig, unaccent(coalesce(NEW.name, ''))), 'A')
        || setweight(to_tsvector('simple'::regconfig, unaccent(coalesce(NEW.acronym, ''))), 'A')
        || setweight(to_tsvector('simple'::regconfig, unaccent(coalesce(NEW.description, ''))), 'B');
    -- Most organizations have no translation: no subquery for them (bulk loads stay fast).
    IF jsonb_typeof(NEW.profile_translations) = 'object'
            AND NEW.profile_translations <> '{}'::jsonb THEN
        SELECT string_agg(translation.value ->> 'description', ' ' ORDER BY translation.key)
        INTO translated
        FROM jsonb_each(NEW.profile_translations) AS translation
        WHERE jsonb_typeof(translation.value) = 'object';
        IF translated IS NOT NULL THEN
            NEW.search_vector := NEW.search_vector
                || setweight(to_tsvector('simple'::regconfig, unaccent(translated)), 'B');
        END IF;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS partners_organization_search_vector_update ON partners_organization;
CREATE TRIGGER partners_organization_search_vector_update
BEFORE INSERT OR UPDATE OF name, acronym, description, profile_translations
ON partners_organization
FOR EACH ROW EXECUTE FUNCTION partners_organization_search_vector();
"""

# Migration 0002's function and trigger, and the vectors of the rows that had translations.
PREVIOUS_SEARCH_VECTOR_FUNCTION = """
CREATE OR REPLACE FUNCTION partners_organization_search_vector() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('simple'::regconfig, unaccent(coalesce(NEW.name, ''))), 'A')
        || setweight(to_tsvector('simple'::regconfig, unaccent(coalesce(NEW.acronym, ''))), 'A')
        || setweight(to_tsvector('simple'::regconfig, unaccent(coalesce(NEW.description, ''))), 'B');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS partners_organization_search_vector_update ON partners_organization;
CREATE TRIGGER partners_organization_search_vector_update
BEFORE INSERT OR UPDATE OF name, acronym, description ON partners_organization
FOR EACH ROW EXECUTE FUNCTION partners_organization_search_vector();

UPDATE partners_organization SET name = name WHERE profile_translations <> '{}'::jsonb;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0012_profile_translations"),
    ]

    operations = [
        migrations.RunSQL(SEARCH_VECTOR_FUNCTION, PREVIOUS_SEARCH_VECTOR_FUNCTION),
    ]
