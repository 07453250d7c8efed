-- pgsnap demo's sample database: a small public. Its values are derived from generate_series, so
-- every run builds the same rows. It carries what a restore into an empty database must rebuild:
-- a user type, a foreign-key cycle (customers <-> orders), check constraints, an index, and a
-- trigger with its function.
CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped', 'cancelled');

CREATE TABLE public.customers (
  id integer PRIMARY KEY,
  name text NOT NULL,
  email text NOT NULL UNIQUE,
  first_order_id integer,
  joined_at timestamptz NOT NULL
);

CREATE TABLE public.products (
  id integer PRIMARY KEY,
  name text NOT NULL,
  price numeric(10, 2) NOT NULL CHECK (price >= 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.orders (
  id integer PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES public.customers,
  status order_status NOT NULL DEFAULT 'new',
  placed_at timestamptz NOT NULL
);

CREATE INDEX orders_customer_id ON public.orders (customer_id);

-- The cycle: a customer points at their first order, which points back at the customer.
ALTER TABLE public.customers ADD CONSTRAINT customers_first_order_fk
  FOREIGN KEY (first_order_id) REFERENCES public.orders DEFERRABLE INITIALLY DEFERRED;

CREATE TABLE public.order_items (
  order_id integer REFERENCES public.orders,
  line integer,
  product_id integer NOT NULL REFERENCES public.products,
  quantity integer NOT NULL CHECK (quantity > 0),
  note text,
  PRIMARY KEY (order_id, line)
);

CREATE FUNCTION public.touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

CREATE TRIGGER products_touch BEFORE UPDATE ON public.products
  FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();

INSERT INTO public.customers
SELECT i, 'customer ' || i, 'customer' || i || '@example.com', i,
       timestamptz '2025-01-01 00:00:00+00' + i * interval '17 minutes'
FROM generate_series(1, 10000) AS i;

INSERT INTO public.products
SELECT i, 'product ' || i, round((i % 997) * 1.37 + 0.99, 2),
       timestamptz '2025-06-01 00:00:00+00' + i * interval '1 hour'
FROM generate_series(1, 1000) AS i;

INSERT INTO public.orders
SELECT i, (i - 1) % 10000 + 1,
       (ARRAY['new', 'paid', 'shipped', 'cancelled']::order_status[])[i % 4 + 1],
       timestamptz '2025-02-01 00:00:00+00' + i * interval '7 minutes'
FROM generate_series(1, 30000) AS i;

INSERT INTO public.order_items
SELECT o, l, (o * 7 + l * 13) % 1000 + 1, (o + l) % 5 + 1,
       CASE WHEN (o + l) % 10 = 0 THEN 'gift, wrap "nicely"' END
FROM generate_series(1, 30000) AS o, generate_series(1, 2) AS l;
