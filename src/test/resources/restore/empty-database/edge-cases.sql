-- Everything issue 9 says a table needs or carries, for restore --create into an empty database:
-- types of every kind, an extension type, functions in defaults, checks, index expressions,
-- triggers and policies, triggers in every state, rules, row security with FORCE, policies TO a
-- role, table and column grants, comments, options, replica identity, statistics and storage,
-- partitioned and inherited tables, identity and generated columns, a standalone sequence.
--
-- Every type, function and sequence here is used by a table through pg_depend (what export
-- follows), so an exact restore has all of them and nothing else. Run with the simple protocol as
-- one batch (TestDatabase.runScript).

-- Roles belong to the cluster, not the database: made once per server, with this test's own names.
DO $$
DECLARE
  role_name text;
BEGIN
  FOREACH role_name IN ARRAY ARRAY['pgsnap_edb_owner', 'pgsnap_edb_reader', 'pgsnap_edb_clerk']
  LOOP
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = role_name) THEN
      BEGIN
        EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', role_name);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL; -- made meanwhile by a test on another database of the same server
      END;
    END IF;
  END LOOP;
END
$$;

CREATE EXTENSION citext WITH SCHEMA public;

CREATE SCHEMA app;
CREATE SCHEMA "Sales Area";

-- A collation of our own; libc's "C" exists in every build (ICU may not).
CREATE COLLATION app.binary_text (provider = libc, locale = 'C');

-- Functions used by defaults, checks, index expressions, domains and policies.
CREATE FUNCTION app.is_code(value text) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT value ~ '^[A-Z]-[0-9]+$' $$;

CREATE FUNCTION app.default_region() RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT 'north'::text $$;

CREATE FUNCTION app.normalized(value text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT pg_catalog.lower(pg_catalog.btrim(value)) $$;

CREATE FUNCTION app.current_region() RETURNS text
    LANGUAGE sql STABLE
    AS $$ SELECT pg_catalog.current_setting('app.region', true) $$;

-- Trigger functions.
CREATE FUNCTION app.stamp() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  NEW.updated_at := pg_catalog.now();
  RETURN NEW;
END
$$;

CREATE FUNCTION app.audit() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
    AS $$
BEGIN
  INSERT INTO app.audit_log (entry) VALUES (TG_TABLE_NAME || ' ' || TG_OP);
  RETURN NULL;
END
$$;

-- Types of every kind.
CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');
-- Labels added later sort between the others (fractional sort orders in the source).
ALTER TYPE app.mood ADD VALUE 'meh' BEFORE 'ok';
ALTER TYPE app.mood ADD VALUE 'ecstatic' AFTER 'happy';

CREATE DOMAIN app.positive_int AS integer
    DEFAULT 1
    NOT NULL
    CONSTRAINT positive_int_positive CHECK (VALUE > 0);

-- A domain over a domain.
CREATE DOMAIN app.small_positive AS app.positive_int
    CONSTRAINT small_positive_below_1000 CHECK (VALUE < 1000);

-- A domain with a collation and a check calling a function.
CREATE DOMAIN app.code AS text COLLATE app.binary_text
    CONSTRAINT code_shape CHECK (app.is_code(VALUE));

-- A domain over an extension's type.
CREATE DOMAIN app.email AS public.citext
    CONSTRAINT email_has_at CHECK (VALUE OPERATOR(pg_catalog.~) '@');

CREATE TYPE app.address AS (
    street text,
    city text COLLATE app.binary_text,
    postcode app.code
);

CREATE TYPE app.float_range AS RANGE (subtype = float8, subtype_diff = float8mi);

CREATE TYPE app.name_range AS RANGE (
    subtype = text,
    collation = app.binary_text,
    multirange_type_name = app.name_ranges
);

-- A standalone sequence, used by a column default.
CREATE SEQUENCE app.ticket_numbers AS bigint START 1000 INCREMENT 5 CACHE 1;

CREATE TABLE app.customers (
    id integer GENERATED ALWAYS AS IDENTITY (START WITH 10) PRIMARY KEY,
    email app.email NOT NULL,
    name text COLLATE app.binary_text NOT NULL,
    nickname public.citext,
    mood app.mood DEFAULT 'ok',
    address app.address,
    region text NOT NULL DEFAULT app.default_region(),
    ticket bigint NOT NULL DEFAULT nextval('app.ticket_numbers'),
    score app.small_positive,
    name_length integer GENERATED ALWAYS AS (pg_catalog.length(name)) STORED,
    code app.code,
    CONSTRAINT customers_code_valid CHECK (code IS NULL OR app.is_code(code::text)),
    CONSTRAINT customers_email_key UNIQUE (email)
) WITH (fillfactor = 80, autovacuum_enabled = false);

CREATE UNIQUE INDEX customers_normalized_name ON app.customers (app.normalized(name));
CREATE INDEX customers_other_regions ON app.customers (region) WITH (fillfactor = 70)
    WHERE region <> 'north';
ALTER TABLE app.customers REPLICA IDENTITY USING INDEX customers_email_key;
ALTER TABLE app.customers ALTER COLUMN region SET STATISTICS 500;
ALTER TABLE app.customers ALTER COLUMN name SET STORAGE EXTERNAL;

COMMENT ON TABLE app.customers IS 'Who buys';
COMMENT ON COLUMN app.customers.email IS 'Unique, whatever the case';
COMMENT ON CONSTRAINT customers_code_valid ON app.customers IS 'Codes look like X-123';
COMMENT ON INDEX app.customers_normalized_name IS 'One customer per name';

-- Owner first: GRANT as a superuser records the owner as grantor.
ALTER TABLE app.customers OWNER TO pgsnap_edb_owner;
GRANT SELECT ON app.customers TO pgsnap_edb_reader;
GRANT UPDATE (mood, region) ON app.customers TO pgsnap_edb_clerk;
GRANT SELECT (id, name) ON app.customers TO pgsnap_edb_clerk;

ALTER TABLE app.customers ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.customers FORCE ROW LEVEL SECURITY;
CREATE POLICY region_readers ON app.customers FOR SELECT TO pgsnap_edb_reader
    USING (region = app.current_region());
CREATE POLICY clerk_updates ON app.customers FOR UPDATE TO pgsnap_edb_clerk, pgsnap_edb_reader
    USING (true) WITH CHECK (mood <> 'sad');
CREATE POLICY not_blocked ON app.customers AS RESTRICTIVE FOR ALL TO PUBLIC
    USING (code IS DISTINCT FROM 'X-0');

CREATE TABLE app.audit_log (
    id serial PRIMARY KEY,
    entry text NOT NULL
);
CREATE RULE audit_log_append_only AS ON UPDATE TO app.audit_log DO INSTEAD NOTHING;

CREATE TABLE app.orders (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    -- No foreign key to app.customers: its checks run as that table's owner, which would need a
    -- grant on schema app, and schema grants are not part of what issue 9 restores.
    customer_id integer NOT NULL,
    placed_at timestamptz NOT NULL DEFAULT '2026-01-01 00:00:00+00',
    amount numeric(10, 2) NOT NULL CONSTRAINT orders_amount_not_negative CHECK (amount >= 0),
    delivery app.float_range,
    names app.name_range,
    name_sets app.name_ranges,
    note text,
    updated_at timestamptz
);
CREATE INDEX orders_customer ON app.orders (customer_id);

CREATE TRIGGER orders_stamp BEFORE UPDATE ON app.orders
    FOR EACH ROW EXECUTE FUNCTION app.stamp();
CREATE TRIGGER orders_audit AFTER INSERT ON app.orders
    FOR EACH ROW EXECUTE FUNCTION app.audit();
ALTER TABLE app.orders DISABLE TRIGGER orders_audit;
CREATE TRIGGER orders_audit_always AFTER DELETE ON app.orders
    FOR EACH ROW EXECUTE FUNCTION app.audit();
ALTER TABLE app.orders ENABLE ALWAYS TRIGGER orders_audit_always;
CREATE TRIGGER orders_audit_replica AFTER UPDATE ON app.orders
    FOR EACH STATEMENT EXECUTE FUNCTION app.audit();
ALTER TABLE app.orders ENABLE REPLICA TRIGGER orders_audit_replica;
CREATE TRIGGER orders_large_amount AFTER UPDATE OF amount ON app.orders
    FOR EACH ROW WHEN (NEW.amount > 1000) EXECUTE FUNCTION app.audit();

CREATE RULE orders_keep_paid AS ON DELETE TO app.orders
    WHERE OLD.note = 'paid' DO INSTEAD NOTHING;

GRANT SELECT, INSERT ON app.orders TO pgsnap_edb_clerk;

-- Partitioned, with a row trigger its partitions get copies of.
CREATE TABLE app.measurements (
    id integer NOT NULL,
    taken date NOT NULL,
    value numeric,
    PRIMARY KEY (id, taken)
) PARTITION BY RANGE (taken);
CREATE TABLE app.measurements_2025 PARTITION OF app.measurements
    FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE app.measurements_other PARTITION OF app.measurements DEFAULT;
CREATE INDEX measurements_taken ON app.measurements (taken);
CREATE TRIGGER measurements_audit AFTER INSERT ON app.measurements
    FOR EACH ROW EXECUTE FUNCTION app.audit();
COMMENT ON TABLE app.measurements IS 'Partitioned by year';

-- Inheritance from two parents.
CREATE TABLE app.vehicles (
    id integer PRIMARY KEY,
    wheels integer NOT NULL CONSTRAINT vehicles_wheels_positive CHECK (wheels > 0)
);
CREATE TABLE app.tagged (tag text COLLATE app.binary_text);
CREATE TABLE app.bikes (
    bell boolean NOT NULL DEFAULT true
) INHERITS (app.vehicles, app.tagged);

-- Names that need quoting.
CREATE TABLE "Sales Area"."Order Lines" (
    "Order Id" bigint NOT NULL REFERENCES app.orders (id),
    "Line No" integer NOT NULL,
    "Quantity" app.positive_int,
    PRIMARY KEY ("Order Id", "Line No")
);
COMMENT ON COLUMN "Sales Area"."Order Lines"."Line No" IS 'From 1, per order';
GRANT SELECT ("Order Id", "Quantity") ON "Sales Area"."Order Lines" TO pgsnap_edb_reader;

-- A few rows in each table.
INSERT INTO app.customers (email, name, nickname, mood, address, region, score, code) VALUES
    ('Ann@Example.org', 'Ann', 'annie', 'happy', ROW('1 Main St', 'Springfield', 'S-1'), 'south',
     5, 'A-1'),
    ('bob@example.org', 'Bob', NULL, 'sad', NULL, DEFAULT, DEFAULT, NULL),
    ('cy@example.org', 'Cy ', 'CY', DEFAULT, ROW(NULL, 'Shelbyville', NULL), 'east', 999, 'C-42');

INSERT INTO app.orders (customer_id, amount, delivery, names, name_sets, note) VALUES
    (10, 12.50, '[1.5,2.25)', '[a,m)', '{[a,c), [x,z]}', 'paid'),
    (11, 0, 'empty', NULL, '{}', NULL),
    (12, 1500, '(,3]', '[n,)', NULL, 'large');
UPDATE app.orders SET note = 'large, updated' WHERE amount > 1000;

INSERT INTO app.measurements VALUES
    (1, '2025-03-01', 1.5), (2, '2025-12-31', NULL), (3, '2027-01-01', -2);

INSERT INTO app.vehicles VALUES (1, 4);
INSERT INTO app.bikes (id, wheels, tag, bell) VALUES (2, 2, 'red', false), (3, 3, NULL, DEFAULT);

INSERT INTO "Sales Area"."Order Lines" VALUES (1, 1, 3), (1, 2, DEFAULT), (3, 1, 7);
