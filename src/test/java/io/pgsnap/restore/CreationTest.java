package io.pgsnap.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgsnap.catalog.TableId;
import io.pgsnap.restore.CreationPlanner.Creation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the statements of a created table say about themselves, for failure messages. */
class CreationTest {
  private static final TableId ORDERS = new TableId("public", "orders");
  private static final CreateScript SCRIPT =
      new CreateScript(
          List.of(),
          "CREATE TABLE public.orders (id integer)",
          List.of(),
          List.of("ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id)"),
          List.of("CREATE INDEX orders_id ON public.orders USING btree (id)"),
          List.of(),
          List.of(),
          List.of());
  private static final Creation CREATION =
      new Creation(List.of("sales"), List.of(), Map.of(ORDERS, SCRIPT), List.of(ORDERS));

  @Test
  void anIndexBuildSaysItBuildsAnIndexNotThatItLoads() {
    PlannedStatement index = CREATION.afterLoad(ORDERS).get(1);

    assertEquals("CREATE INDEX orders_id ON public.orders USING btree (id)", index.sql());
    assertEquals("building an index of public.orders", index.doing());
  }

  @Test
  void schemasComeBeforeTheTablesTheyHold() {
    assertEquals(
        List.of("CREATE SCHEMA \"sales\"", "CREATE TABLE public.orders (id integer)"),
        CREATION.create().stream().map(PlannedStatement::sql).toList());
  }

  @Test
  void undoDropsTheTablesThenTheSchemas() {
    assertEquals(
        List.of(
            "DROP TABLE IF EXISTS \"public\".\"orders\" CASCADE",
            "DROP SCHEMA IF EXISTS \"sales\""),
        CREATION.undo().stream().map(PlannedStatement::sql).toList());
  }
}
