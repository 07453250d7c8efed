-- The benchmark's wide mixed-type table (15 columns). Rows come from wide-rows.sql.
CREATE TABLE public.wide (
    id          bigint PRIMARY KEY,
    qty         integer NOT NULL,
    amount      numeric(12,4),
    ratio       double precision,
    note        text,
    code        varchar(40),
    created_at  timestamptz NOT NULL,
    day         date,
    active      boolean,
    ref         uuid,
    doc         jsonb,
    payload     bytea,
    tags        integer[],
    span        interval,
    addr        inet
);
