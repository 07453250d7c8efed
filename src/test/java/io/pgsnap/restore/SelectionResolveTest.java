package io.pgsnap.restore;

import static io.pgsnap.testsupport.SampleManifests.column;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.RestoreOptions;
import io.pgsnap.catalog.Partition;
import io.pgsnap.catalog.Table;
import io.pgsnap.catalog.TableId;
import io.pgsnap.restore.Selection.Chosen;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.ManifestTable;
import io.pgsnap.testsupport.SampleManifests;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which snapshot tables a restore chooses, their targets, and how a bad choice is refused. */
class SelectionResolveTest {
  private static final String SHA = "0".repeat(64);

  private static final ManifestTable CUSTOMERS =
      SampleManifests.table("public", "customers", 3, SHA, column("id", "integer"));
  private static final ManifestTable APP_ORDERS =
      SampleManifests.table("app", "orders", 1, SHA, column("id", "integer"));
  private static final ManifestTable ORDERS =
      partitioned(
          SampleManifests.table("public", "orders", 4, SHA, column("id", "integer")),
          "orders_2024");

  private static final Manifest MANIFEST =
      SampleManifests.manifest("appdb-20261123T091545Z", APP_ORDERS, CUSTOMERS, ORDERS);

  /** {@code t} as a partitioned table with one partition. */
  private static ManifestTable partitioned(ManifestTable t, String partition) {
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
        t.primaryKey(),
        t.constraints(),
        t.foreignKeys(),
        t.indexes(),
        t.dependsOn(),
        t.inheritsFrom(),
        List.of(
            new Partition(
                new TableId(t.schema(), partition), t.id(), "FOR VALUES FROM (1) TO (100)", null)),
        t.ddl());
  }

  private static List<String> targets(RestoreOptions options) {
    return Selection.resolve(MANIFEST, options).stream()
        .map(c -> c.table().id() + "->" + c.target())
        .toList();
  }

  private static String refusal(RestoreOptions options) {
    PgsnapException e =
        assertThrows(PgsnapException.class, () -> Selection.resolve(MANIFEST, options));
    assertEquals(ErrorCode.USAGE, e.code(), e.getMessage());
    return e.getMessage();
  }

  private static RestoreOptions renaming(String from, String to) {
    Map<String, String> renames = new LinkedHashMap<>();
    renames.put(from, to);
    return RestoreOptions.defaults().withRenames(renames);
  }

  @Test
  void byDefaultEveryTableGoesToItsOwnNameInManifestOrder() {
    assertEquals(
        List.of(
            "app.orders->app.orders",
            "public.customers->public.customers",
            "public.orders->public.orders"),
        targets(RestoreOptions.defaults()));
  }

  @Test
  void tablePatternsChooseTablesAndKeepTheManifestOrder() {
    assertEquals(
        List.of("public.customers->public.customers", "public.orders->public.orders"),
        targets(RestoreOptions.defaults().withTables(List.of("public.orders", "cust*"))));
  }

  @Test
  void intoSchemaMovesEveryTargetAndARenameDefaultsToIt() {
    assertEquals(
        List.of("public.customers->old.customers"),
        targets(RestoreOptions.defaults().withTables(List.of("customers")).withIntoSchema("old")));
    assertEquals(
        List.of("public.orders->old.orders_then"),
        targets(renaming("public.orders", "orders_then").withIntoSchema("old")));
  }

  @Test
  void withoutTablePatternsOnlyTheRenamedTablesAreRestoredBesideTheOriginal() {
    List<Chosen> chosen =
        Selection.resolve(MANIFEST, renaming("public.orders", "archive.\"Orders Then\""));
    assertEquals(1, chosen.size());
    assertEquals(new TableId("archive", "Orders Then"), chosen.get(0).target());
    assertTrue(chosen.get(0).beside());
  }

  @Test
  void twoTablesIntoOneTargetAreRefusedNamingBoth() {
    String m = refusal(RestoreOptions.defaults().withIntoSchema("old"));
    assertEquals(
        "both app.orders and public.orders would be restored into old.orders: choose other names"
            + " with --rename",
        m);
  }

  @Test
  void aRenameOfATableTheTablePatternsLeaveOutIsRefused() {
    String m = refusal(renaming("public.orders", "orders_then").withTables(List.of("customers")));
    assertEquals(
        "--rename names public.orders, which the --table patterns leave out; add it with --table",
        m);
  }

  @Test
  void aRenameTargetThatIsNotATableNameIsRefused() {
    String m = refusal(renaming("public.orders", "a.b.c"));
    assertTrue(m.startsWith("--rename target 'a.b.c' is not a table name"), m);
    assertTrue(refusal(renaming("public.orders", "orders_*")).contains("is not a table name"));
  }

  @Test
  void aPatternThatMatchesNothingIsRefusedWithTheNearMisses() {
    // Quoted, the name keeps its case, so it is not public.customers.
    String quoted = refusal(RestoreOptions.defaults().withTables(List.of("\"CUSTOMERS\"")));
    assertTrue(quoted.contains("matches no table of snapshot appdb-20261123T091545Z"), quoted);
    assertTrue(quoted.contains("did you mean public.customers?"), quoted);
  }

  @Test
  void anUnqualifiedRenameOfANameInTwoSchemasIsRefusedListingThem() {
    String m = refusal(renaming("orders", "orders_then"));
    assertTrue(m.contains("matches 2 tables"), m);
    assertTrue(m.contains("app.orders, public.orders"), m);
  }

  @Test
  void aPartitionIsRefusedPointingToItsRootTableInRestoresWords() {
    for (RestoreOptions options :
        List.of(
            RestoreOptions.defaults().withTables(List.of("orders_2024")),
            renaming("orders_2024", "orders_2024_then"))) {
      String m = refusal(options);
      assertTrue(m.startsWith("public.orders_2024 is a partition of public.orders"), m);
      assertTrue(m.contains("restore --table public.orders"), m);
      assertFalse(m.contains("--ddl"), "inspect's option means nothing to restore: " + m);
    }
  }
}
