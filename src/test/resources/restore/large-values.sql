-- One 64 MiB text value and one 16 MiB bytea value, made on the server. The text repeats the
-- characters that CSV, COPY text format and JSON escape between hashes, so no two stretches of it
-- are alike; the bytes are hashes, so they do not compress. In a table of their own, loaded only
-- where a test needs them.
CREATE TABLE public.large_values (id integer PRIMARY KEY, t text, b bytea);
INSERT INTO public.large_values
    SELECT 1,
           string_agg(md5(i::text) || E'\t✓\\\n",; ' || left(md5((-i)::text), 22), '' ORDER BY i),
           NULL
    FROM generate_series(1, 1048576) AS i;
INSERT INTO public.large_values
    SELECT 2, NULL, string_agg(sha256(int4send(i)), ''::bytea ORDER BY i)
    FROM generate_series(1, 524288) AS i;
