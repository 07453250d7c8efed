-- The schemas and types the tables of edge-cases.sql use, on their own so that a restore test can
-- prepare a target database that has them but no tables (table DDL does not carry types).
-- edge-cases.sql runs after this script.

CREATE SCHEMA app;
CREATE SCHEMA "Other Schema";

CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy', 'it''s "complicated"');
CREATE TYPE app.pair AS (a integer, b text);
CREATE DOMAIN app.positive AS integer CHECK (VALUE > 0);
CREATE DOMAIN app.email AS text CHECK (VALUE LIKE '%@%');
