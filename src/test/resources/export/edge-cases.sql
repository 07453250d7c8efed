-- A database full of the cases a table-by-table export must get exactly right.
-- Runs on PostgreSQL 14 and later, as a superuser, in a UTF8 database, after edge-case-types.sql
-- (the schemas app and "Other Schema" and the types and domains used here).

-- Every built-in type family, one column each, with edge values in separate rows.
CREATE TABLE public.all_types (
    id integer PRIMARY KEY,
    c_smallint smallint,
    c_integer integer,
    c_bigint bigint,
    c_numeric numeric,
    c_numeric_scaled numeric(12, 4),
    c_real real,
    c_double double precision,
    c_money money,
    c_char char(5),
    c_varchar varchar(20),
    c_text text,
    c_bytea bytea,
    c_boolean boolean,
    c_date date,
    c_time time,
    c_timetz timetz,
    c_timestamp timestamp,
    c_timestamptz timestamptz,
    c_interval interval,
    c_uuid uuid,
    c_json json,
    c_jsonb jsonb,
    c_xml xml,
    c_inet inet,
    c_cidr cidr,
    c_macaddr macaddr,
    c_macaddr8 macaddr8,
    c_bit bit(8),
    c_varbit bit varying(16),
    c_tsvector tsvector,
    c_tsquery tsquery,
    c_point point,
    c_line line,
    c_lseg lseg,
    c_box box,
    c_path path,
    c_polygon polygon,
    c_circle circle,
    c_int4range int4range,
    c_numrange numrange,
    c_tstzrange tstzrange,
    c_daterange daterange,
    c_int4multirange int4multirange,
    c_int_array integer[],
    c_text_array text[],
    c_2d_array integer[][],
    c_pair app.pair,
    c_pair_array app.pair[],
    c_mood app.mood,
    c_positive app.positive,
    c_email app.email,
    c_pg_lsn pg_lsn,
    c_oid oid,
    c_name name,
    c_char1 "char",
    c_jsonpath jsonpath,
    c_regclass regclass
);

INSERT INTO public.all_types (id) VALUES (0);  -- every column NULL

INSERT INTO public.all_types VALUES (
    1, 32767, 2147483647, 9223372036854775807,
    'NaN', 12345678.1234, 'Infinity', '-Infinity', 12.34,
    'ab', 'varchar', 'plain text',
    '\x00'::bytea, true,
    'infinity', '24:00:00', '23:59:59.999999+14:59', 'infinity', '-infinity',
    '-178000000 years', '00000000-0000-0000-0000-000000000000',
    '{"a": 1, "a": 2}', '{"b": [1, 2.50, null], "a": "x"}', '<a b="1">text &amp; more</a>',
    '::1', '10.0.0.0/8', '08:00:2b:01:02:03', '08:00:2b:01:02:03:04:05',
    B'10101010', B'1', 'a fat:2A cat:1 sat', 'fat & (rat | !cat)',
    '(1.5,-2)', '{1,-1,0}', '[(0,0),(1,1)]', '(1,1),(0,0)', '[(0,0),(1,1),(2,0)]',
    '((0,0),(1,1),(1,0))', '<(0,0),1e-300>',
    '[1,10)', '(,)', '["2020-01-01 00:00:00+00","infinity")', 'empty', '{[1,3), [5,8)}',
    '{1,NULL,3}', '{"a","NULL",NULL,"","with \"quote\"","back\\slash"}', '[0:1][5:6]={{1,2},{3,4}}',
    ROW(1, 'x'), ARRAY[ROW(1, 'a,b'), ROW(NULL, NULL), ROW(2, '')]::app.pair[],
    'it''s "complicated"', 1, 'a@b', '16/B374D848', 4294967295, 'a name', 'x',
    '$.a[*] ? (@ > 1)', 'public.all_types');

INSERT INTO public.all_types
    (id, c_smallint, c_integer, c_bigint, c_numeric, c_real, c_double, c_money, c_text,
     c_date, c_timestamp, c_timestamptz, c_interval, c_time, c_json, c_varbit, c_char)
VALUES (
    2, -32768, -2147483648, -9223372036854775808,
    -- 1000 significant digits
    (repeat('9', 500) || '.' || repeat('1', 500))::numeric,
    '-0', '-0', -92233720368547758.08, '',
    '4713-01-01 BC', '4713-01-01 00:00:00 BC', '294276-12-31 23:59:59.999999+00',
    '1 year 2 mons -3 days 04:05:06.789', '00:00:00', E'{\n  "nested": {"k": "v"}\n}', B'', '');

INSERT INTO public.all_types
    (id, c_numeric, c_real, c_double, c_date, c_timestamp, c_text, c_interval, c_json)
VALUES
    (3, '-0.000000000000000000000000000001', 'NaN', 'NaN', '10000-01-01', '10000-01-01 00:00:00',
     E'\\N', '-00:00:00.000001', '[]'),
    (4, '1e-1000', '1.17549435e-38', '4.9e-324', '-infinity', '-infinity', '\.', '0', '"str"'),
    (5, '-1e1000', '3.4028235e38', '1.7976931348623157e308', '0001-01-01', '2000-02-29 12:00:00',
     'NULL', '@ 1 day ago', 'null');

-- Text that CSV, COPY text format and JSON all escape differently.
CREATE TABLE public.tricky_text (id integer PRIMARY KEY, t text, v varchar(50), c char(4));
INSERT INTO public.tricky_text VALUES
    (1, NULL, NULL, NULL),
    (2, '', '', ''),
    (3, E'\\N', '\N', '\N'),
    (4, '\.', E'\\.', 'x'),
    (5, 'NULL', 'null', 'NULL'),
    (6, '"double" and ''single'' quotes', 'a,b,c', ',,'),
    (7, E'tab\there', E'cr\rhere', E'\t'),
    (8, E'line\nbreak', E'crlf\r\nhere', E'\n'),
    (9, E'back\\slash\\', E'\\\\', E'\\'),
    (10, 'ünïcødé ✓ 𝄞 中文', '😀', 'é'),
    (11, E'\x01\x02\x1f\x7f control', E'\b\f', E'\x0b'),
    (12, E'\n', '"', ' '),
    (13, E'"\n"', '""', '  x '),
    (14, repeat('long line ', 10000), 'x', 'y');

-- bytea holding every byte value, and one large value.
CREATE TABLE public.binary_data (id integer PRIMARY KEY, b bytea);
INSERT INTO public.binary_data
    SELECT 1, string_agg(set_byte('\x00'::bytea, 0, i), ''::bytea ORDER BY i)
    FROM generate_series(0, 255) AS i;
INSERT INTO public.binary_data VALUES (2, ''), (3, NULL),
    (4, decode(repeat('00ff7f80', 65536), 'hex'));

-- Names that need quoting everywhere.
CREATE TABLE public."Mixed Case" ("Id" integer PRIMARY KEY, "Value Column" text);
INSERT INTO public."Mixed Case" VALUES (1, 'one'), (2, 'two');
CREATE TABLE public."dotted.name" ("a.b" integer, "quote""col" text);
INSERT INTO public."dotted.name" VALUES (1, 'x');
CREATE TABLE public."quote""table" ("select" integer, "tab	col" text);
INSERT INTO public."quote""table" VALUES (1, 'x');
CREATE TABLE public."ünïcødé ✓" ("名前" text);
INSERT INTO public."ünïcødé ✓" VALUES ('値');
CREATE TABLE public."MixedCase" (x integer);
CREATE TABLE public.mixedcase (x integer);
INSERT INTO public.mixedcase VALUES (1);
CREATE TABLE public."slash/and\back" (x integer);
INSERT INTO public."slash/and\back" VALUES (1);

-- Zero columns (with rows) and empty tables.
CREATE TABLE public.no_columns ();
INSERT INTO public.no_columns DEFAULT VALUES;
INSERT INTO public.no_columns DEFAULT VALUES;
INSERT INTO public.no_columns DEFAULT VALUES;
CREATE TABLE public.empty_table (id integer PRIMARY KEY, t text);

-- Generated and identity columns, serial with gaps.
CREATE TABLE public.generated_identity (
    id integer GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 5),
    by_default bigint GENERATED BY DEFAULT AS IDENTITY,
    serial_col serial,
    price numeric(10, 2) NOT NULL,
    quantity integer NOT NULL DEFAULT 1,
    total numeric(12, 2) GENERATED ALWAYS AS (price * quantity) STORED,
    PRIMARY KEY (id)
);
INSERT INTO public.generated_identity (price, quantity) VALUES (1.50, 2), (2.25, 4), (10, 1);
DELETE FROM public.generated_identity WHERE price = 2.25;
SELECT nextval('public.generated_identity_serial_col_seq');

-- Partitioned table with a default partition and a sub-partitioned partition.
CREATE TABLE public.measurements (
    id bigint NOT NULL,
    taken date NOT NULL,
    value double precision,
    PRIMARY KEY (id, taken)
) PARTITION BY RANGE (taken);
CREATE TABLE public.measurements_2023 PARTITION OF public.measurements
    FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE public.measurements_2024 PARTITION OF public.measurements
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') PARTITION BY HASH (id);
CREATE TABLE public.measurements_2024_h0 PARTITION OF public.measurements_2024
    FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE public.measurements_2024_h1 PARTITION OF public.measurements_2024
    FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE public.measurements_default PARTITION OF public.measurements DEFAULT;
INSERT INTO public.measurements
    SELECT i, date '2023-06-01' + (i % 900), i * 0.5 FROM generate_series(1, 2000) AS i;

-- Inheritance: parent and child both hold rows.
CREATE TABLE public.animal (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.dog (breed text) INHERITS (public.animal);
INSERT INTO public.animal VALUES (1, 'generic');
INSERT INTO public.dog VALUES (2, 'rex', 'collie'), (3, 'fido', 'pug');

-- Foreign keys: across schemas, self-reference, composite keys, a cycle.
CREATE TABLE app.customer (id integer PRIMARY KEY, name text NOT NULL UNIQUE,
    referred_by integer REFERENCES app.customer (id));
INSERT INTO app.customer VALUES (1, 'ann', NULL), (2, 'bob', 1), (3, 'cy', 2);
CREATE TABLE public.orders (
    customer_id integer NOT NULL REFERENCES app.customer (id),
    order_no integer NOT NULL,
    placed timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (customer_id, order_no)
);
INSERT INTO public.orders VALUES (1, 1, '2024-01-01'), (1, 2, '2024-01-02'), (2, 1, '2024-02-01');
CREATE TABLE public.order_line (
    customer_id integer, order_no integer, line integer,
    item text CHECK (item <> ''),
    PRIMARY KEY (customer_id, order_no, line),
    FOREIGN KEY (customer_id, order_no) REFERENCES public.orders ON DELETE CASCADE
);
INSERT INTO public.order_line VALUES (1, 1, 1, 'apple'), (1, 1, 2, 'pear'), (2, 1, 1, 'fig');
CREATE TABLE public.cycle_a (id integer PRIMARY KEY, b_id integer);
CREATE TABLE public.cycle_b (id integer PRIMARY KEY, a_id integer REFERENCES public.cycle_a);
ALTER TABLE public.cycle_a ADD FOREIGN KEY (b_id) REFERENCES public.cycle_b;
INSERT INTO public.cycle_a VALUES (1, NULL);
INSERT INTO public.cycle_b VALUES (1, 1);
UPDATE public.cycle_a SET b_id = 1;
CREATE TABLE "Other Schema"."Remote Ref" (id integer PRIMARY KEY,
    measurement_id bigint, measurement_taken date,
    FOREIGN KEY (measurement_id, measurement_taken) REFERENCES public.measurements (id, taken));
INSERT INTO "Other Schema"."Remote Ref" VALUES (1, 1, date '2023-06-02');

-- Constraints and indexes of every kind.
CREATE TABLE public.bookings (
    id integer PRIMARY KEY,
    room text NOT NULL,
    during tsrange NOT NULL,
    code text UNIQUE,
    CHECK (room <> ''),
    EXCLUDE USING gist (during WITH &&)
);
CREATE INDEX bookings_lower_room ON public.bookings (lower(room));
CREATE INDEX bookings_partial ON public.bookings (room) WHERE code IS NOT NULL;
INSERT INTO public.bookings VALUES (1, 'A', '[2024-01-01 10:00, 2024-01-01 11:00)', 'X1');

-- Row-level security: the owner and superusers read every row.
CREATE TABLE public.secrets (id integer PRIMARY KEY, owner_name text, secret text);
ALTER TABLE public.secrets ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON public.secrets USING (owner_name = current_user);
INSERT INTO public.secrets VALUES (1, 'alice', 's1'), (2, 'bob', 's2');

-- Unlogged table, and a standalone sequence.
CREATE UNLOGGED TABLE public.scratch (id integer, note text);
INSERT INTO public.scratch VALUES (1, 'unlogged');
CREATE SEQUENCE public.invoice_numbers START 1000;
SELECT nextval('public.invoice_numbers');
SELECT nextval('public.invoice_numbers');

ANALYZE;
