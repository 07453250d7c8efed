-- What a table can use, for UsedObjectsReaderIT and the --create round trip: types of every kind,
-- an extension type, functions in a default, a check, an index, a trigger and a policy.
CREATE EXTENSION citext WITH SCHEMA public;
CREATE SCHEMA kinds;
COMMENT ON SCHEMA kinds IS 'Shared types';
CREATE SCHEMA used;
CREATE COLLATION kinds.bytewise (provider = libc, locale = 'C');
CREATE TYPE kinds.mood AS ENUM ('sad', 'ok', 'happy');
COMMENT ON TYPE kinds.mood IS 'How it went';
CREATE DOMAIN kinds.positive AS integer DEFAULT 1 NOT NULL
  CONSTRAINT positive_check CHECK (VALUE > 0);
CREATE DOMAIN kinds.small_positive AS kinds.positive CONSTRAINT below_100 CHECK (VALUE < 100);
CREATE DOMAIN kinds.code AS varchar(8) COLLATE kinds.bytewise;
CREATE TYPE kinds.point3 AS (x double precision, y numeric(6,2), label text COLLATE kinds.bytewise);
CREATE TYPE kinds.textrange AS RANGE (subtype = text, collation = kinds.bytewise);
CREATE SEQUENCE kinds.tickets;
CREATE FUNCTION kinds.double_it(i integer) RETURNS integer
  LANGUAGE sql IMMUTABLE AS 'SELECT i * 2';
CREATE FUNCTION kinds.is_even(i integer) RETURNS boolean
  LANGUAGE sql IMMUTABLE AS 'SELECT i % 2 = 0';
CREATE FUNCTION kinds.lower_name(t text) RETURNS text
  LANGUAGE sql IMMUTABLE AS 'SELECT lower(t)';
CREATE FUNCTION kinds.touch() RETURNS trigger
  LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE FUNCTION kinds.visible(m kinds.mood) RETURNS boolean
  LANGUAGE sql STABLE AS $$SELECT m <> 'sad'$$;
CREATE TABLE used.things (
  id integer PRIMARY KEY DEFAULT kinds.double_it(21),
  ticket bigint DEFAULT nextval('kinds.tickets'),
  mood kinds.mood,
  moods kinds.mood[],
  qty kinds.small_positive,
  code kinds.code,
  at kinds.point3,
  span kinds.textrange,
  email public.citext,
  name text,
  CONSTRAINT even_id CHECK (kinds.is_even(id))
);
CREATE INDEX things_lower ON used.things (kinds.lower_name(name));
CREATE TRIGGER things_touch BEFORE INSERT ON used.things
  FOR EACH ROW EXECUTE FUNCTION kinds.touch();
ALTER TABLE used.things ENABLE ROW LEVEL SECURITY;
CREATE POLICY cheerful ON used.things USING (kinds.visible(mood));
CREATE TABLE used.plain (id integer, note text);
