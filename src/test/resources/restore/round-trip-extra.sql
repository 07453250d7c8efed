-- What a restore must bring back exactly beyond the tables of export/edge-cases.sql, and user
-- triggers that would change rows if they fired while a restore loads them. Runs after
-- export/edge-case-types.sql, round-trip-extra-types.sql and export/edge-cases.sql, as a superuser,
-- in a UTF8 database.

-- Numbers at their limits: numeric infinities beside NaN, 1000 digits with sign and fraction, a
-- declared scale of 500, float subnormals, the smallest normals, and negative zero.
CREATE TABLE public.numbers (
    id integer PRIMARY KEY,
    n numeric,
    wide numeric(1000, 500),
    r real,
    d double precision
);
INSERT INTO public.numbers VALUES
    (1, 'Infinity', 0, '1.4e-45', '4.9e-324'),
    (2, '-Infinity', -0.5, '-1.4e-45', '-4.9e-324'),
    (3, 'NaN', NULL, '-0', '-0'),
    (4, -(repeat('9', 500) || '.' || repeat('1', 500))::numeric,
        (repeat('1', 500) || '.' || repeat('9', 500))::numeric,
        '1e-40', '2.225073858507201e-308'),
    (5, ('0.' || repeat('0', 998) || '1')::numeric, ('-0.' || repeat('0', 499) || '1')::numeric,
        '1.17549435e-38', '2.2250738585072014e-308'),
    (6, 1.000000, 1.5, '3.4028235e38', '-1.7976931348623157e308'),
    (7, 0.1, 0, '0.1', '0.1');

-- Ranges and multiranges of every built-in kind, and arrays of them.
CREATE TABLE public.ranges (
    id integer PRIMARY KEY,
    i8 int8range,
    ts tsrange,
    tstz tstzrange,
    d daterange,
    n numrange,
    i4m int4multirange,
    i8m int8multirange,
    nm nummultirange,
    tsm tsmultirange,
    tstzm tstzmultirange,
    dm datemultirange,
    range_array int4range[],
    multirange_array datemultirange[]
);
INSERT INTO public.ranges VALUES
    (1, '[-9223372036854775808,9223372036854775807)', '["2000-01-01 00:00:00.000001",infinity]',
     '(-infinity,"2020-06-01 12:00:00+14")', '[-infinity,infinity]', '(-1.5,1e20]',
     '{}', '{[1,2), [3,4), [5,6)}', '{(,0], [1.5,2.5), [3,)}',
     '{["2020-01-01 10:00","2020-01-01 11:00"), ["2021-01-01",)}',
     '{["2020-01-01 10:00+05","2020-01-01 11:00-03:30")}', '{[2020-01-01,2020-01-05), [2021-01-01,infinity)}',
     ARRAY['[1,2)'::int4range, 'empty', NULL, '(,)'],
     ARRAY['{[2020-01-01,2020-02-01)}'::datemultirange, '{}', NULL]),
    (2, 'empty', 'empty', 'empty', 'empty', 'empty', '{empty}', NULL, '{empty}', '{}', '{}', '{}',
     '{}', '{}'),
    (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

-- Composites inside arrays inside composites, arrays of enums and domains, with every character
-- that composite and array literals quote.
CREATE TABLE app.composites (
    id integer PRIMARY KEY,
    pairs app.pair[],
    nested app.nested,
    nested_array app.nested[],
    moods app.mood[],
    emails app.email[],
    positives app.positive[]
);
INSERT INTO app.composites VALUES
    (1,
     ARRAY[ROW(1, 'a"b\c'), ROW(2, NULL), ROW(NULL, ''), ROW(3, '(x,y)'), ROW(4, '{1,2}'),
           ROW(5, ' padded '), ROW(6, E'new\nline'), ROW(7, 'NULL')]::app.pair[],
     ROW('label, with "quotes"', ARRAY[ROW(1, 'x,y')]::app.pair[],
         ARRAY['it''s "complicated"', 'sad']::app.mood[], '[1,5)')::app.nested,
     ARRAY[ROW('a', NULL, NULL, NULL)::app.nested,
           ROW(NULL, ARRAY[ROW(NULL, NULL)]::app.pair[], '{}', 'empty')::app.nested, NULL],
     ARRAY['it''s "complicated"', 'happy', NULL]::app.mood[],
     ARRAY['a@b', 'x"y@z', NULL]::app.email[],
     ARRAY[1, 2147483647]::app.positive[]),
    (2, '{}', ROW(NULL, NULL, NULL, NULL)::app.nested, '{}', '{}', '{}', '{}'),
    (3, NULL, NULL, NULL, NULL, NULL, NULL);

-- Text-like values of other types: xml fragments and documents, money at its limits, full text
-- search with weights, positions and quotes, geometry with infinities, padded char(n), pg_lsn,
-- json that jsonb would normalise, timestamps and intervals at the microsecond. money prints under
-- lc_monetary, which both test databases take from the server; a restore reads money back under the
-- source's lc_monetary as the manifest records it.
CREATE TABLE public.misc_values (
    id integer PRIMARY KEY,
    x xml,
    m money,
    tv tsvector,
    tq tsquery,
    p point,
    c circle,
    pad char(10),
    vpad varchar(10),
    lsn pg_lsn,
    j json,
    jb jsonb,
    ts timestamp(6),
    tstz timestamptz,
    tz timetz,
    i interval,
    u uuid,
    vb bit varying
);
INSERT INTO public.misc_values VALUES
    (1, 'text <b>bold</b> &lt; tail', '92233720368547758.07',
     $$'it''s':1A 'white space':2B,3C 'back\\slash':4 'a':5D$$, $$'a' <-> 'b' & !('c':* | 'd':AB)$$,
     '(Infinity,-Infinity)', '<(1e308,-1e-308),0>', 'ab', 'ab  ', '0/0',
     '{"k": "\u00e9\u0000", "k": 1e1000}', '{"big": 1e1000, "neg0": -0, "s": "\u00e9 😀"}',
     '2000-01-01 00:00:00.000001', '2020-06-01 12:00:00.123456+14', '00:00:00.000001-15:59',
     '1 mon -1 day +00:00:00.000001', 'ffffffff-ffff-ffff-ffff-ffffffffffff', B'1010101010101'),
    (2, '<?xml version="1.0" encoding="UTF-8"?><root a="&quot;"/>', '-92233720368547758.08',
     '', $$'x' <2> 'y'$$, '(NaN,0)', '<(0,0),Infinity>', 'é', '', 'FFFFFFFF/FFFFFFFF',
     '"\ud83d\ude00"', '[]', '294276-12-31 23:59:59.999999', '-infinity', '24:00:00+15:59',
     '-178000000 years -1 microsecond', '00000000-0000-0000-0000-000000000001', B''),
    (3, '', '0', NULL, NULL, NULL, NULL, '          ', ' ', NULL, 'null', 'null', NULL, NULL, NULL,
     NULL, NULL, NULL),
    (4, '<!DOCTYPE a [<!ENTITY e "v">]><a>&e;</a>', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
     NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

-- Text that holds COPY's end-of-data marker on a line of its own inside a value, which CSV quotes
-- across lines.
CREATE TABLE public.end_markers (id integer PRIMARY KEY, t text);
INSERT INTO public.end_markers VALUES
    (1, E'first\n\\.\nlast'),
    (2, E'first\r\n\\.\r\nlast'),
    (3, E'\\.\n'),
    (4, E'\n\\.'),
    (5, E'"\n\\.\n"');

-- Names that need quoting in every position: a newline and COPY's own markers in column names.
CREATE TABLE "Other Schema"."Odd ""Names"" Here" (
    "line
break" text,
    "\." text,
    "a,b" text,
    "Ünï Cödé" text,
    "\N" text
);
INSERT INTO "Other Schema"."Odd ""Names"" Here" VALUES ('1', '\.', ',', 'ü', '\N'), (NULL, '', '', '', NULL);

-- A column dropped after rows were written, so the table's attribute numbers have a hole.
CREATE TABLE public.dropped_column (a integer, gone text, b text, gone_too integer, c date);
INSERT INTO public.dropped_column VALUES (1, 'x', 'one', 1, '2024-01-01'), (2, 'y', NULL, 2, NULL);
ALTER TABLE public.dropped_column DROP COLUMN gone;
ALTER TABLE public.dropped_column DROP COLUMN gone_too;
INSERT INTO public.dropped_column VALUES (3, 'three', 'infinity');

-- A list-partitioned table whose partitions take NULL, quoted values and the rest.
CREATE TABLE public.by_kind (kind text, id integer NOT NULL, v text) PARTITION BY LIST (kind);
CREATE TABLE public."by_kind it's" PARTITION OF public.by_kind FOR VALUES IN ('it''s', 'a,b', NULL);
CREATE TABLE public.by_kind_rest PARTITION OF public.by_kind DEFAULT;
INSERT INTO public.by_kind VALUES ('it''s', 1, 'q'), (NULL, 2, 'null kind'), ('other', 3, 'rest');

-- Sequences: a default that draws from the standalone sequence, a serial with gaps under odd names,
-- an identity that counts down and cycles on a table without rows, a standalone sequence set but
-- not called, and a descending one.
CREATE TABLE public.invoices (
    no bigint PRIMARY KEY DEFAULT nextval('public.invoice_numbers'),
    amount money NOT NULL
);
INSERT INTO public.invoices (amount) VALUES ('10.00'), ('20.50');
CREATE TABLE "Other Schema"."Serial ""Table""" ("Row Id" serial PRIMARY KEY, v text);
INSERT INTO "Other Schema"."Serial ""Table""" (v) VALUES ('a'), ('b'), ('c'), ('d');
DELETE FROM "Other Schema"."Serial ""Table""" WHERE v IN ('b', 'd');
CREATE TABLE public.empty_identity (
    id bigint GENERATED ALWAYS AS IDENTITY
        (START WITH -5 INCREMENT BY -3 MINVALUE -100 MAXVALUE -5 CYCLE),
    t text
);
CREATE SEQUENCE "Other Schema"."Odd ""Seq"" Name" AS integer START 7 INCREMENT 7 MAXVALUE 700 CACHE 5;
SELECT setval('"Other Schema"."Odd ""Seq"" Name"', 42, false);
CREATE SEQUENCE app.countdown INCREMENT BY -1;
SELECT nextval('app.countdown'), nextval('app.countdown'), nextval('app.countdown');

-- User triggers that change rows if they fire: a row trigger that rewrites a column, a statement
-- trigger set to fire ALWAYS that writes to another restored table, a disabled trigger and a
-- replica trigger (which must stay as they are), a trigger on a partition, and one with an odd
-- name on a table with odd names. They are created after the rows are in. Everything in their
-- bodies is schema-qualified, as a restore runs with an empty search_path.
CREATE TABLE public.audited (id integer PRIMARY KEY, note text NOT NULL);
INSERT INTO public.audited VALUES (1, 'original'), (2, 'also original');
-- No key on the log, so that rows a trigger adds show up as rows rather than as a clash.
CREATE TABLE public.audit_log (id bigint GENERATED BY DEFAULT AS IDENTITY, entry text);
INSERT INTO public.audit_log (entry) VALUES ('before the triggers');
CREATE TABLE "Other Schema"."Audited Too" ("Id" integer PRIMARY KEY, "Note" text);
INSERT INTO "Other Schema"."Audited Too" VALUES (1, 'original');

-- The trigger functions are in round-trip-extra-types.sql.
CREATE TRIGGER rewrite_note BEFORE INSERT ON public.audited
    FOR EACH ROW EXECUTE FUNCTION public.rewrite_note();
CREATE TRIGGER log_insert AFTER INSERT ON public.audited
    FOR EACH STATEMENT EXECUTE FUNCTION public.log_insert();
ALTER TABLE public.audited ENABLE ALWAYS TRIGGER log_insert;
CREATE TRIGGER switched_off BEFORE INSERT ON public.audited
    FOR EACH ROW EXECUTE FUNCTION public.rewrite_note();
ALTER TABLE public.audited DISABLE TRIGGER switched_off;
CREATE TRIGGER replica_only BEFORE INSERT ON public.audited
    FOR EACH ROW EXECUTE FUNCTION public.rewrite_note();
ALTER TABLE public.audited ENABLE REPLICA TRIGGER replica_only;
CREATE TRIGGER negate_value BEFORE INSERT ON public.measurements_default
    FOR EACH ROW EXECUTE FUNCTION public.negate_value();
CREATE TRIGGER "Rewrite ""Note"" Trigger" BEFORE INSERT ON "Other Schema"."Audited Too"
    FOR EACH ROW EXECUTE FUNCTION "Other Schema"."Rewrite ""Note"""();

ANALYZE;
