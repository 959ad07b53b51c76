"""The search vector's trigger, in one place for the migrations that (re)create it.

Migrations import these strings rather than copying them, so the function a fresh database
gets and the one an upgraded database gets cannot drift apart. A later change adds new
constants here (and keeps the old ones for its migration's reverse).
"""

# Migration 0002: words of the name, acronym (weight A) and description (weight B).
SEARCH_VECTOR_FUNCTION_WORDS_ONLY = """
CREATE OR REPLACE FUNCTION partners_organization_search_vector() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('simple'::regconfig, unaccent(coalesce(NEW.name, ''))), 'A')
        || setweight(to_tsvector('simple'::regconfig, unaccent(coalesce(NEW.acronym, ''))), 'A')
        || setweight(to_tsvector('simple'::regconfig, unaccent(coalesce(NEW.description, ''))), 'B');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""
SEARCH_VECTOR_TRIGGER_WORDS_ONLY = """
DROP TRIGGER IF EXISTS partners_organization_search_vector_update ON partners_organization;
CREATE TRIGGER partners_organization_search_vector_update
BEFORE INSERT OR UPDATE OF name, acronym, description ON partners_organization
FOR EACH ROW EXECUTE FUNCTION partners_organization_search_vector();
"""

# Migration 0012: the words, plus one facet lexeme per filter value (see partners.search).
SEARCH_VECTOR_FUNCTION_WITH_FACETS = """
CREATE OR REPLACE FUNCTION partners_organization_search_vector() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('simple'::regconfig, unaccent(coalesce(NEW.name, ''))), 'A')
        || setweight(to_tsvector('simple'::regconfig, unaccent(coalesce(NEW.acronym, ''))), 'A')
        || setweight(to_tsvector('simple'::regconfig, unaccent(coalesce(NEW.description, ''))), 'B')
        -- One lexeme per filter value; string functions rather than a subquery per array
        -- (half the cost when a million rows are loaded). array_to_tsvector drops repeats.
        || array_to_tsvector(array_remove(array_remove(array_remove(array_remove(array_remove(
            array_remove(
                ARRAY['T_' || coalesce(NEW.partner_type, ''),
                      'L_' || coalesce(NEW.level, ''),
                      'C_' || coalesce(NEW.headquarters_country, '')]
                || string_to_array('C_' || array_to_string(NEW.countries_of_operation, ' C_'), ' ')
                || string_to_array('R_' || array_to_string(NEW.regions, ' R_'), ' ')
                || string_to_array('A_' || array_to_string(NEW.activities, ' A_'), ' ')
                || string_to_array('S_' || array_to_string(NEW.operating_settings, ' S_'), ' '),
            'T_'), 'L_'), 'C_'), 'R_'), 'A_'), 'S_'));
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""
SEARCH_VECTOR_TRIGGER_WITH_FACETS = """
DROP TRIGGER IF EXISTS partners_organization_search_vector_update ON partners_organization;
CREATE TRIGGER partners_organization_search_vector_update
BEFORE INSERT OR UPDATE OF name, acronym, description, partner_type, level,
    headquarters_country, countries_of_operation, regions, activities, operating_settings
ON partners_organization
FOR EACH ROW EXECUTE FUNCTION partners_organization_search_vector();
"""

# Migration 0014: the words and facets, plus every translated description (weight B, like the
# description itself).
SEARCH_VECTOR_FUNCTION_WITH_TRANSLATIONS = """
CREATE OR REPLACE FUNCTION partners_organization_search_vector() RETURNS trigger AS $$
DECLARE
    translated text;
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('simple'::regconfig, unaccent(coalesce(NEW.name, ''))), 'A')
        || setweight(to_tsvector('simple'::regconfig, unaccent(coalesce(NEW.acronym, ''))), 'A')
        || setweight(to_tsvector('simple'::regconfig, unaccent(coalesce(NEW.description, ''))), 'B')
        || array_to_tsvector(array_remove(array_remove(array_remove(array_remove(array_remove(
            array_remove(
                ARRAY['T_' || coalesce(NEW.partner_type, ''),
                      'L_' || coalesce(NEW.level, ''),
                      'C_' || coalesce(NEW.headquarters_country, '')]
                || string_to_array('C_' || array_to_string(NEW.countries_of_operation, ' C_'), ' ')
                || string_to_array('R_' || array_to_string(NEW.regions, ' R_'), ' ')
                || string_to_array('A_' || array_to_string(NEW.activities, ' A_'), ' ')
                || string_to_array('S_' || array_to_string(NEW.operating_settings, ' S_'), ' '),
            'T_'), 'L_'), 'C_'), 'R_'), 'A_'), 'S_'));
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
"""
SEARCH_VECTOR_TRIGGER_WITH_TRANSLATIONS = """
DROP TRIGGER IF EXISTS partners_organization_search_vector_update ON partners_organization;
CREATE TRIGGER partners_organization_search_vector_update
BEFORE INSERT OR UPDATE OF name, acronym, description, partner_type, level,
    headquarters_country, countries_of_operation, regions, activities, operating_settings,
    profile_translations
ON partners_organization
FOR EACH ROW EXECUTE FUNCTION partners_organization_search_vector();
"""
