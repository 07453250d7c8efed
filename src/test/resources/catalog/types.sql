-- Schemas and types the tables of fixture.sql use; a round trip creates these in the target
-- database before running the DDL, as pgsnap's table DDL does not carry types.
CREATE SCHEMA app;
CREATE SCHEMA "Weird.Schema";
CREATE SCHEMA types;
CREATE TYPE types.mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN types.posint AS integer CHECK (VALUE > 0);
CREATE TYPE types.pair AS (a integer, b text);
