-- A small database for restore behaviour: references, a cycle, a trigger, sequences, a generated
-- column and a partitioned table that another table references.

CREATE TABLE public.customer (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE,
    referred_by integer REFERENCES public.customer (id)
);
INSERT INTO public.customer (name, referred_by) VALUES ('ann', NULL), ('bob', 1), ('cy', 2);

CREATE TABLE public.product (
    sku serial PRIMARY KEY,
    title text NOT NULL,
    price numeric(10, 2) NOT NULL,
    price_with_tax numeric(12, 2) GENERATED ALWAYS AS (price * 1.2) STORED
);
INSERT INTO public.product (title, price) VALUES ('pen', 1.50), ('ink', 4.00), ('pad', 2.25);
DELETE FROM public.product WHERE title = 'ink';

CREATE TABLE public.purchase (
    id bigint NOT NULL,
    bought date NOT NULL,
    customer_id integer NOT NULL REFERENCES public.customer (id),
    sku integer NOT NULL REFERENCES public.product (sku),
    PRIMARY KEY (id, bought)
) PARTITION BY RANGE (bought);
CREATE TABLE public.purchase_2024 PARTITION OF public.purchase
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.purchase_other PARTITION OF public.purchase DEFAULT;
INSERT INTO public.purchase VALUES (1, '2024-03-01', 1, 1), (2, '2023-05-05', 2, 3), (3, '2024-07-07', 3, 1);

CREATE TABLE public.refund (
    id integer PRIMARY KEY,
    purchase_id bigint NOT NULL,
    purchase_bought date NOT NULL,
    FOREIGN KEY (purchase_id, purchase_bought) REFERENCES public.purchase (id, bought)
);
INSERT INTO public.refund VALUES (1, 2, '2023-05-05');

-- Two tables that reference each other, neither key deferrable.
CREATE TABLE public.team (id integer PRIMARY KEY, captain_id integer);
CREATE TABLE public.player (id integer PRIMARY KEY, team_id integer REFERENCES public.team);
ALTER TABLE public.team ADD CONSTRAINT team_captain_fkey FOREIGN KEY (captain_id) REFERENCES public.player;
INSERT INTO public.team VALUES (1, NULL);
INSERT INTO public.player VALUES (10, 1), (11, 1);
UPDATE public.team SET captain_id = 10;

-- A trigger that would rewrite every inserted row.
CREATE TABLE public.audit_note (id integer PRIMARY KEY, note text);
CREATE FUNCTION public.rewrite_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.note := 'rewritten';
    RETURN NEW;
END $$;
CREATE TRIGGER audit_note_rewrite BEFORE INSERT ON public.audit_note
    FOR EACH ROW EXECUTE FUNCTION public.rewrite_note();
ALTER TABLE public.audit_note DISABLE TRIGGER audit_note_rewrite;
INSERT INTO public.audit_note VALUES (1, 'kept'), (2, 'also kept');
ALTER TABLE public.audit_note ENABLE TRIGGER audit_note_rewrite;

CREATE SEQUENCE public.ticket_numbers START 500;
SELECT nextval('public.ticket_numbers'), nextval('public.ticket_numbers');
