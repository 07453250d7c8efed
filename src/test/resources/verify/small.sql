-- A small database for verify and status tests: enough rows for several compressed blocks, and
-- values with embedded newlines and double quotes, which a CSV row count must not split.
CREATE TABLE items (id integer PRIMARY KEY, note text);
INSERT INTO items
SELECT g,
       CASE WHEN g % 50 = 0 THEN 'first line' || chr(10) || 'second "quoted" line' || chr(10)
            ELSE md5(g::text) END
FROM generate_series(1, 3000) g;

CREATE TABLE tags (id integer PRIMARY KEY, name text);
INSERT INTO tags SELECT g, 'tag ' || g FROM generate_series(1, 20) g;
