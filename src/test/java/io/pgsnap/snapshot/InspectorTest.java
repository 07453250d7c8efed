package io.pgsnap.snapshot;

import static io.pgsnap.testsupport.SampleManifests.column;
import static io.pgsnap.testsupport.SampleManifests.manifest;
import static io.pgsnap.testsupport.SampleManifests.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.Ddl;
import io.pgsnap.catalog.Partition;
import io.pgsnap.catalog.Table;
import io.pgsnap.catalog.TableId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code inspect --ddl} finds a table by the name a user typed. */
class InspectorTest {
  private static final String SHA = "a".repeat(64);
  private static final ManifestTable PUBLIC_ORDERS =
      table("public", "orders", 1, SHA, column("id", "integer"));
  private static final ManifestTable APP_ORDERS =
      table("app", "orders", 1, SHA, column("id", "integer"));
  private static final ManifestTable MIXED =
      table("public", "Mixed Case", 1, SHA, column("id", "integer"));
  private static final ManifestTable EVENTS = partitioned();
  private static final Manifest MANIFEST =
      manifest("appdb-20261123T091545Z", APP_ORDERS, EVENTS, MIXED, PUBLIC_ORDERS);

  private static ManifestTable partitioned() {
    ManifestTable t = table("public", "events", 1, SHA, column("at", "date"));
    return new ManifestTable(
        t.schema(),
        t.name(),
        Table.Kind.PARTITIONED,
        t.file(),
        t.format(),
        t.compression(),
        t.rows(),
        t.storedBytes(),
        t.rawBytes(),
        t.sha256(),
        t.fileColumns(),
        t.columns(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(
            new Partition(
                new TableId("public", "events_2026"),
                t.id(),
                "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
                null)),
        new Ddl(t.ddl().createTable(), List.of(), List.of(), List.of(), List.of()));
  }

  private static PgsnapException usageError(String name) {
    PgsnapException e =
        assertThrows(PgsnapException.class, () -> Inspector.findTable(MANIFEST, name));
    assertEquals(ErrorCode.USAGE, e.code());
    return e;
  }

  @Test
  void aQualifiedNameFindsItsTable() {
    assertEquals(APP_ORDERS, Inspector.findTable(MANIFEST, "app.orders"));
    assertEquals(PUBLIC_ORDERS, Inspector.findTable(MANIFEST, "PUBLIC.Orders"));
  }

  @Test
  void anUnqualifiedNameMustBeUnique() {
    assertEquals(EVENTS, Inspector.findTable(MANIFEST, "events"));

    String message = usageError("orders").getMessage();
    assertTrue(message.contains("matches 2 tables"), message);
    assertTrue(message.contains("app.orders, public.orders"), message);
    assertTrue(message.contains("e.g. 'app.orders'"), message);
  }

  @Test
  void aQuotedNameKeepsCaseAndSpaces() {
    assertEquals(MIXED, Inspector.findTable(MANIFEST, "\"Mixed Case\""));
    assertEquals(MIXED, Inspector.findTable(MANIFEST, "public.\"Mixed Case\""));
  }

  @Test
  void anUnquotedMixedCaseNameSuggestsTheQuotedOne() {
    String message = usageError("Mixed Case").getMessage();

    assertTrue(message.contains("did you mean public.\"Mixed Case\""), message);
  }

  @Test
  void aPartitionPointsToItsRoot() {
    String message = usageError("events_2026").getMessage();

    assertTrue(message.contains("public.events_2026 is a partition of public.events"), message);
    assertTrue(message.contains("--ddl 'public.events'"), message);
  }

  @Test
  void anUnknownNameListsTheTables() {
    String message = usageError("nope").getMessage();

    assertTrue(message.startsWith("'nope' matches no table of snapshot appdb-"), message);
    assertTrue(
        message.contains("app.orders, public.events, public.\"Mixed Case\", public.orders"),
        message);
  }

  @Test
  void aMalformedNameIsWordedForTableNames() {
    String message = usageError("a.b.c").getMessage();

    assertTrue(message.startsWith("table name 'a.b.c' has too many dotted names"), message);
  }
}
