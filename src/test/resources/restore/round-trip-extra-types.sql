-- The types the tables of round-trip-extra.sql use beyond those of export/edge-case-types.sql, and
-- the functions behind their triggers, on their own so that a restore test can prepare a target
-- database with types and functions but no tables.
-- Runs after export/edge-case-types.sql.

CREATE TYPE app.nested AS (label text, pairs app.pair[], moods app.mood[], span int4range);

CREATE FUNCTION public.rewrite_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.note := 'rewritten';
    RETURN NEW;
END
$$;
CREATE FUNCTION public.log_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO public.audit_log (entry) VALUES (TG_TABLE_NAME || ' loaded');
    RETURN NULL;
END
$$;
CREATE FUNCTION public.negate_value() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.value := -1;
    RETURN NEW;
END
$$;
CREATE FUNCTION "Other Schema"."Rewrite ""Note"""() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW."Note" := 'rewritten';
    RETURN NEW;
END
$$;
