package io.pgsnap.snapshot;

import static io.pgsnap.testsupport.SampleManifests.column;
import static io.pgsnap.testsupport.SampleManifests.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.pgsnap.catalog.Ddl;
import io.pgsnap.catalog.Sequence;
import io.pgsnap.catalog.TableId;
import io.pgsnap.testsupport.SampleManifests;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableInspectionTest {
  private static final TableId ORDERS = new TableId("public", "orders");

  @Test
  void theScriptRunsInRestoreOrderAndEveryStatementEndsWithASemicolon() {
    ManifestTable t =
        SampleManifests.withDdl(
            table("public", "orders", 1, "a".repeat(64), column("id", "integer")),
            new Ddl(
                "CREATE TABLE \"public\".\"orders\" (\n    \"id\" integer DEFAULT"
                    + " nextval('public.orders_id_seq'::regclass)\n)",
                List.of(),
                List.of(
                    "ALTER TABLE ONLY \"public\".\"orders\" ADD CONSTRAINT \"p\" PRIMARY KEY (id)"),
                List.of("CREATE INDEX i ON public.orders USING btree (id)"),
                List.of(
                    "ALTER TABLE ONLY \"public\".\"orders\" ADD CONSTRAINT \"f\" FOREIGN KEY (id)"
                        + " REFERENCES public.users(id)")));
    Sequence serial =
        new Sequence(
            new TableId("public", "orders_id_seq"),
            "integer",
            1,
            1,
            1,
            2147483647,
            1,
            false,
            5,
            true,
            new Sequence.OwnedBy(ORDERS, "id"),
            false);

    String script = new TableInspection("appdb-20261123T091545Z", t, List.of(serial)).script();

    assertEquals(
        """
        -- DDL of ordinary table public.orders from snapshot appdb-20261123T091545Z

        -- sequences
        CREATE SEQUENCE "public"."orders_id_seq" AS integer START WITH 1 INCREMENT BY 1 \
        MINVALUE 1 MAXVALUE 2147483647 CACHE 1 NO CYCLE;

        CREATE TABLE "public"."orders" (
            "id" integer DEFAULT nextval('public.orders_id_seq'::regclass)
        );

        -- constraints
        ALTER TABLE ONLY "public"."orders" ADD CONSTRAINT "p" PRIMARY KEY (id);

        -- indexes
        CREATE INDEX i ON public.orders USING btree (id);

        -- foreign keys (the referenced tables must exist)
        ALTER TABLE ONLY "public"."orders" ADD CONSTRAINT "f" FOREIGN KEY (id) \
        REFERENCES public.users(id);

        -- sequence ownership
        ALTER SEQUENCE "public"."orders_id_seq" OWNED BY "public"."orders"."id";
        """,
        script);
  }

  @Test
  void aNameWithANewlineCannotEndTheCommentEarly() {
    ManifestTable t = table("public", "evil\nDROP TABLE x", 0, "a".repeat(64));

    String firstLine = new TableInspection("s", t, List.of()).script().lines().findFirst().get();

    assertEquals(
        "-- DDL of ordinary table public.\"evil\\x0ADROP TABLE x\" from snapshot s", firstLine);
    assertFalse(firstLine.contains("\n"));
  }
}
