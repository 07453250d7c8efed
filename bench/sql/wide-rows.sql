-- Appends rows :lo .. :hi to public.wide. Deterministic: every value is a function of the row
-- number (md5-based where it should look random), so every run exports the same bytes.
-- Some columns are NULL on a fixed fraction of rows; text lengths vary from 0 to ~250 chars.
INSERT INTO public.wide
SELECT i,
       (i * 7919) % 1000003 - 500000,
       CASE WHEN i % 23 = 0 THEN NULL
            ELSE round((('x' || substr(h, 1, 8))::bit(32)::int / 1000.0)::numeric, 4) END,
       ('x' || substr(h, 9, 8))::bit(32)::int / 65536.0,
       CASE WHEN i % 17 = 0 THEN NULL
            WHEN i % 17 = 1 THEN ''
            ELSE left(repeat(h || ' ' || reverse(h) || ' ', 4), ((i * 37) % 250)::int) END,
       'C-' || upper(substr(h, 3, (6 + i % 20)::int)),
       timestamptz '2020-01-01 00:00:00+00' + (i * interval '17 seconds'),
       date '2000-01-01' + (i % 9000)::int,
       CASE WHEN i % 11 = 0 THEN NULL ELSE i % 3 = 0 END,
       h::uuid,
       jsonb_build_object('n', i, 'h', substr(h, 1, 12), 'ok', i % 2 = 0,
                          'xs', jsonb_build_array(i % 10, i % 100, substr(h, 20, 4))),
       decode(repeat(h, (1 + i % 4)::int), 'hex'),
       ARRAY[i % 100, i % 7, (i * 13) % 1000]::int[],
       make_interval(days => (i % 400)::int, secs => (i % 86400)::int),
       ('10.' || (i >> 16) % 256 || '.' || (i >> 8) % 256 || '.' || i % 256)::inet
FROM generate_series(:lo::bigint, :hi::bigint) AS i,
     LATERAL (SELECT md5(i::text) AS h) AS m;
