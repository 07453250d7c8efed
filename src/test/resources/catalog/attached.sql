-- A table with one of everything AttachedObjectsReader records, and one with nothing attached.
-- ${owner} and ${clerk} are roles the test creates with unique names (roles are cluster-wide).
CREATE SCHEMA attached;

CREATE TABLE attached.customers (id integer PRIMARY KEY);

CREATE TABLE attached.orders (
    id integer PRIMARY KEY,
    code text NOT NULL,
    note text,
    clerk text,
    customer_id integer REFERENCES attached.customers (id)
) WITH (fillfactor = 70);

-- Owner first: GRANT as a superuser records the owner as grantor.
ALTER TABLE attached.orders OWNER TO ${owner};
GRANT SELECT, INSERT ON attached.orders TO ${clerk};
GRANT UPDATE (note) ON attached.orders TO ${clerk};

CREATE UNIQUE INDEX orders_code_key ON attached.orders (code);
ALTER TABLE attached.orders REPLICA IDENTITY USING INDEX orders_code_key;

ALTER TABLE attached.orders ALTER COLUMN id SET STATISTICS 500;
ALTER TABLE attached.orders ALTER COLUMN code SET STATISTICS 0;
-- Set and reset: back to the default, so not recorded.
ALTER TABLE attached.orders ALTER COLUMN clerk SET STATISTICS 200;
ALTER TABLE attached.orders ALTER COLUMN clerk SET STATISTICS -1;
ALTER TABLE attached.orders ALTER COLUMN note SET STORAGE EXTERNAL;

COMMENT ON TABLE attached.orders IS 'One row per order';
COMMENT ON COLUMN attached.orders.id IS 'Order number';
COMMENT ON CONSTRAINT orders_pkey ON attached.orders IS 'Orders are numbered';
COMMENT ON INDEX attached.orders_code_key IS 'Replica identity';

CREATE FUNCTION attached.touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RETURN NEW;
END
$$;
CREATE TRIGGER audit_insert AFTER INSERT ON attached.orders
    FOR EACH ROW EXECUTE FUNCTION attached.touch();
ALTER TABLE attached.orders DISABLE TRIGGER audit_insert;
CREATE TRIGGER stamp_update BEFORE UPDATE ON attached.orders
    FOR EACH ROW EXECUTE FUNCTION attached.touch();
ALTER TABLE attached.orders ENABLE ALWAYS TRIGGER stamp_update;

CREATE RULE no_delete AS ON DELETE TO attached.orders DO INSTEAD NOTHING;

ALTER TABLE attached.orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE attached.orders FORCE ROW LEVEL SECURITY;
CREATE POLICY clerk_rows ON attached.orders FOR SELECT TO ${clerk}
    USING (note <> 'secret');
CREATE POLICY positive_ids ON attached.orders AS RESTRICTIVE FOR UPDATE TO PUBLIC
    USING (id > 0) WITH CHECK (id < 1000000);
