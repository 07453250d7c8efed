-- A small database in the shape of the well-known DVD rental sample (Sakila, and Pagila for
-- PostgreSQL): an mpaa_rating enum, a year domain with a CHECK, a last_update trigger function
-- with its triggers on several tables, a full-text column filled by a built-in trigger and indexed,
-- a rule, foreign keys between actors, films, categories, inventory, rentals and payments, and a
-- few rows in each table. Run with the simple protocol as one batch (TestDatabase.runScript).

CREATE TYPE public.mpaa_rating AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17');

CREATE DOMAIN public.year AS integer
    CONSTRAINT year_check CHECK (VALUE >= 1901 AND VALUE <= 2155);

CREATE FUNCTION public.last_updated() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.last_update = CURRENT_TIMESTAMP;
    RETURN NEW;
END $$;

CREATE TABLE public.actor (
    actor_id serial PRIMARY KEY,
    first_name text NOT NULL,
    last_name text NOT NULL,
    last_update timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_actor_last_name ON public.actor (last_name);

CREATE TABLE public.category (
    category_id serial PRIMARY KEY,
    name text NOT NULL,
    last_update timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.language (
    language_id serial PRIMARY KEY,
    name character(20) NOT NULL,
    last_update timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.film (
    film_id serial PRIMARY KEY,
    title text NOT NULL,
    description text,
    release_year public.year,
    language_id integer NOT NULL REFERENCES public.language (language_id)
        ON UPDATE CASCADE ON DELETE RESTRICT,
    original_language_id integer REFERENCES public.language (language_id)
        ON UPDATE CASCADE ON DELETE RESTRICT,
    rental_duration smallint NOT NULL DEFAULT 3,
    rental_rate numeric(4, 2) NOT NULL DEFAULT 4.99,
    length smallint,
    replacement_cost numeric(5, 2) NOT NULL DEFAULT 19.99,
    rating public.mpaa_rating DEFAULT 'G',
    last_update timestamptz NOT NULL DEFAULT now(),
    special_features text[],
    fulltext tsvector NOT NULL
);
CREATE INDEX film_fulltext_idx ON public.film USING gist (fulltext);
CREATE INDEX idx_title ON public.film (title);
CREATE INDEX idx_fk_language_id ON public.film (language_id);

CREATE TABLE public.film_actor (
    actor_id integer NOT NULL REFERENCES public.actor (actor_id)
        ON UPDATE CASCADE ON DELETE RESTRICT,
    film_id integer NOT NULL REFERENCES public.film (film_id)
        ON UPDATE CASCADE ON DELETE RESTRICT,
    last_update timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (actor_id, film_id)
);
CREATE INDEX idx_fk_film_id ON public.film_actor (film_id);

CREATE TABLE public.film_category (
    film_id integer NOT NULL REFERENCES public.film (film_id)
        ON UPDATE CASCADE ON DELETE RESTRICT,
    category_id integer NOT NULL REFERENCES public.category (category_id)
        ON UPDATE CASCADE ON DELETE RESTRICT,
    last_update timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (film_id, category_id)
);

CREATE TABLE public.customer (
    customer_id serial PRIMARY KEY,
    store_id integer NOT NULL,
    first_name text NOT NULL,
    last_name text NOT NULL,
    email text,
    activebool boolean NOT NULL DEFAULT true,
    create_date date NOT NULL DEFAULT CURRENT_DATE,
    last_update timestamptz DEFAULT now(),
    active integer
);
CREATE INDEX idx_last_name ON public.customer (last_name);

CREATE TABLE public.inventory (
    inventory_id serial PRIMARY KEY,
    film_id integer NOT NULL REFERENCES public.film (film_id)
        ON UPDATE CASCADE ON DELETE RESTRICT,
    store_id integer NOT NULL,
    last_update timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_store_id_film_id ON public.inventory (store_id, film_id);

CREATE TABLE public.rental (
    rental_id serial PRIMARY KEY,
    rental_date timestamptz NOT NULL,
    inventory_id integer NOT NULL REFERENCES public.inventory (inventory_id)
        ON UPDATE CASCADE ON DELETE RESTRICT,
    customer_id integer NOT NULL REFERENCES public.customer (customer_id)
        ON UPDATE CASCADE ON DELETE RESTRICT,
    return_date timestamptz,
    staff_id integer NOT NULL,
    last_update timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX idx_unq_rental_rental_date_inventory_id_customer_id
    ON public.rental (rental_date, inventory_id, customer_id);

CREATE TABLE public.payment (
    payment_id serial PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES public.customer (customer_id)
        ON UPDATE CASCADE ON DELETE RESTRICT,
    staff_id integer NOT NULL,
    rental_id integer REFERENCES public.rental (rental_id)
        ON UPDATE CASCADE ON DELETE SET NULL,
    amount numeric(5, 2) NOT NULL,
    payment_date timestamptz NOT NULL
);

CREATE TRIGGER last_updated BEFORE UPDATE ON public.actor
    FOR EACH ROW EXECUTE FUNCTION public.last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON public.category
    FOR EACH ROW EXECUTE FUNCTION public.last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON public.language
    FOR EACH ROW EXECUTE FUNCTION public.last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON public.film
    FOR EACH ROW EXECUTE FUNCTION public.last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON public.film_actor
    FOR EACH ROW EXECUTE FUNCTION public.last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON public.film_category
    FOR EACH ROW EXECUTE FUNCTION public.last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON public.customer
    FOR EACH ROW EXECUTE FUNCTION public.last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON public.inventory
    FOR EACH ROW EXECUTE FUNCTION public.last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON public.rental
    FOR EACH ROW EXECUTE FUNCTION public.last_updated();

-- Pagila keeps the full text current with the built-in trigger function.
CREATE TRIGGER film_fulltext_trigger BEFORE INSERT OR UPDATE ON public.film
    FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger(fulltext, 'pg_catalog.english', title,
        description);

-- A film that is in stock is not deleted.
CREATE RULE film_keep_stocked AS ON DELETE TO public.film
    WHERE EXISTS (SELECT 1 FROM public.inventory i WHERE i.film_id = OLD.film_id)
    DO INSTEAD NOTHING;

INSERT INTO public.actor (first_name, last_name, last_update) VALUES
    ('PENELOPE', 'GUINESS', '2022-02-15 09:34:33+00'),
    ('NICK', 'WAHLBERG', '2022-02-15 09:34:33+00'),
    ('ED', 'CHASE', '2022-02-15 09:34:33+00');

INSERT INTO public.category (name, last_update) VALUES
    ('Action', '2022-02-15 09:46:27+00'), ('Animation', '2022-02-15 09:46:27+00');

INSERT INTO public.language (name, last_update) VALUES
    ('English', '2022-02-15 10:02:19+00'), ('Italian', '2022-02-15 10:02:19+00');

INSERT INTO public.film (title, description, release_year, language_id, original_language_id,
        rental_duration, rental_rate, length, replacement_cost, rating, last_update,
        special_features) VALUES
    ('ACADEMY DINOSAUR', 'A Epic Drama of a Feminist And a Mad Scientist', 2012, 1, NULL, 6, 0.99,
     86, 20.99, 'PG', '2022-09-10 16:46:03+00', '{"Deleted Scenes","Behind the Scenes"}'),
    ('ACE GOLDFINGER', 'A Astounding Epistle of a Database Administrator', 2006, 1, 2, 3, 4.99,
     48, 12.99, 'G', '2022-09-10 16:46:03+00', '{Trailers}'),
    ('ADAPTATION HOLES', NULL, NULL, 2, NULL, 7, 2.99, NULL, 18.99, 'NC-17',
     '2022-09-10 16:46:03+00', NULL);

INSERT INTO public.film_actor (actor_id, film_id, last_update) VALUES
    (1, 1, '2022-02-15 10:05:03+00'), (1, 2, '2022-02-15 10:05:03+00'),
    (2, 1, '2022-02-15 10:05:03+00'), (3, 3, '2022-02-15 10:05:03+00');

INSERT INTO public.film_category (film_id, category_id, last_update) VALUES
    (1, 2, '2022-02-15 10:07:09+00'), (2, 1, '2022-02-15 10:07:09+00');

INSERT INTO public.customer (store_id, first_name, last_name, email, create_date, last_update,
        active) VALUES
    (1, 'MARY', 'SMITH', 'MARY.SMITH@sakilacustomer.org', '2022-02-14', '2022-02-15 09:57:20+00',
     1),
    (2, 'PATRICIA', 'JOHNSON', NULL, '2022-02-14', NULL, 0);

INSERT INTO public.inventory (film_id, store_id, last_update) VALUES
    (1, 1, '2022-02-15 10:09:17+00'), (1, 2, '2022-02-15 10:09:17+00'),
    (2, 2, '2022-02-15 10:09:17+00');

INSERT INTO public.rental (rental_date, inventory_id, customer_id, return_date, staff_id,
        last_update) VALUES
    ('2022-05-24 22:53:30+00', 1, 1, '2022-05-26 22:04:30+00', 1, '2022-02-16 02:30:53+00'),
    ('2022-05-24 22:54:33+00', 3, 2, NULL, 2, '2022-02-16 02:30:53+00');

INSERT INTO public.payment (customer_id, staff_id, rental_id, amount, payment_date) VALUES
    (1, 1, 1, 2.99, '2022-05-25 11:30:37+00'),
    (2, 2, 2, 0.99, '2022-05-28 10:35:23+00'),
    (2, 2, NULL, 5.99, '2022-06-15 00:54:12+00');
