-- The types the tables of round-trip-extra.sql use beyond those of export/edge-case-types.sql, on
-- their own so that a restore test can prepare a target database with types but no tables.
-- Runs after export/edge-case-types.sql.

CREATE TYPE app.nested AS (label text, pairs app.pair[], moods app.mood[], span int4range);
