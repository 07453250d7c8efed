package io.pgsnap.verify;

import static io.pgsnap.testsupport.SampleManifests.column;
import static io.pgsnap.testsupport.SampleManifests.manifest;
import static io.pgsnap.testsupport.SampleManifests.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.catalog.Attached;
import io.pgsnap.catalog.Catalog;
import io.pgsnap.catalog.Column;
import io.pgsnap.catalog.Table;
import io.pgsnap.catalog.TableId;
import io.pgsnap.fingerprint.Fingerprint;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.ManifestTable;
import io.pgsnap.verify.Comparison.Counting;
import io.pgsnap.verify.Comparison.Difference.Kind;
import io.pgsnap.verify.Comparison.Side;
import io.pgsnap.verify.Comparison.TableComparison;
import io.pgsnap.verify.ContentComparison.TableContent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules of {@link LiveComparer#compare}, on made-up live tables and counts. */
class LiveComparisonTest {
  private static final Side SNAPSHOT = new Side("snapshot", "s");
  private static final Side DATABASE = new Side("database", "d");
  private static final ManifestTable ORDERS =
      table("public", "orders", 1000, "1".repeat(64), column("id", "integer"));
  private static final Manifest MANIFEST = manifest("appdb-20261123T091545Z", ORDERS);

  private static Table live(String name, Table.Kind kind, Column... columns) {
    return new Table(
        new TableId("public", name),
        kind,
        false,
        List.of(columns),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        false,
        false,
        true,
        0,
        0,
        ORDERS.ddl(),
        Attached.NONE);
  }

  private static final Table LIVE_ORDERS =
      live("orders", Table.Kind.ORDINARY, column("id", "integer"));

  private static Comparison compare(
      Counting counting, double tolerance, List<Table> tables, Map<TableId, Long> rows) {
    return LiveComparer.compare(
        SNAPSHOT, DATABASE, counting, tolerance, MANIFEST, new Catalog(tables, List.of()), rows);
  }

  private static Map<TableId, Long> rows(long orders) {
    Map<TableId, Long> rows = new HashMap<>();
    rows.put(ORDERS.id(), orders);
    return rows;
  }

  private static List<Kind> kinds(TableComparison t) {
    return t.differences().stream().map(Comparison.Difference::kind).toList();
  }

  @Test
  void exactCountsMustBeEqual() {
    assertTrue(compare(Counting.EXACT, 0.05, List.of(LIVE_ORDERS), rows(1000)).equal());

    TableComparison t =
        compare(Counting.EXACT, 0.05, List.of(LIVE_ORDERS), rows(1001)).tables().get(0);
    assertEquals(List.of(Kind.ROWS), kinds(t));
    assertEquals(1L, t.rowDifference());
  }

  @Test
  void estimatesMayBeOffWithinTheTolerance() {
    Comparison within = compare(Counting.ESTIMATED, 0.05, List.of(LIVE_ORDERS), rows(1050));
    Comparison beyond = compare(Counting.ESTIMATED, 0.05, List.of(LIVE_ORDERS), rows(1051));

    assertTrue(within.equal());
    assertEquals(List.of(Kind.ROWS), kinds(beyond.tables().get(0)));
    assertTrue(within.notes().get(0).contains("within 5%"), within.notes().toString());
  }

  @Test
  void aTableWithoutStatisticsIsNotCountedAsEqual() {
    TableComparison t =
        compare(Counting.ESTIMATED, 0.05, List.of(LIVE_ORDERS), Map.of()).tables().get(0);

    assertEquals(List.of(Kind.NO_STATISTICS), kinds(t));
    assertTrue(t.differences().get(0).details().get(0).contains("ANALYZE \"public\".\"orders\""));
  }

  @Test
  void droppedAndNewTablesAreOnOneSideOnly() {
    Table fresh = live("fresh", Table.Kind.ORDINARY, column("x", "integer"));
    Map<TableId, Long> rows = Map.of(fresh.id(), 7L);

    Comparison c = compare(Counting.EXACT, 0.05, List.of(fresh), rows);

    assertEquals(
        List.of("only in database", "only in snapshot"),
        c.tables().stream().map(TableComparison::status).toList());
    assertEquals(7L, c.tables().get(0).secondRows());
    assertEquals(1000L, c.tables().get(1).firstRows());
  }

  @Test
  void aChangedTableReportsKindAndColumns() {
    Table changed =
        live("orders", Table.Kind.PARTITIONED, column("id", "bigint"), column("at", "date"));

    TableComparison t = compare(Counting.EXACT, 0.05, List.of(changed), rows(1000)).tables().get(0);

    assertEquals(List.of(Kind.KIND, Kind.COLUMNS), kinds(t));
    assertEquals(
        List.of("ordinary table in snapshot, partitioned table in database"),
        t.differences().get(0).details());
    assertEquals(
        List.of(
            "\"at\" date only in database", "\"id\" is integer in snapshot, bigint in database"),
        t.differences().get(1).details());
  }

  @Test
  void aTableWhoseContentDiffersDiffersEvenWithEqualCounts() {
    Comparison counted = compare(Counting.EXACT, 0, List.of(LIVE_ORDERS), rows(1000));
    TableContent changed =
        TableContent.of(ORDERS.id(), ORDERS.fingerprint(), new Fingerprint(1000, "e".repeat(64)));

    Comparison c = LiveComparer.withContent(counted, Map.of(ORDERS.id(), changed));

    assertEquals(List.of(Kind.CONTENT), kinds(c.tables().get(0)));
    assertEquals(List.of(changed), c.content().differing());
  }

  @Test
  void contentThatCouldNotBeComparedIsNoDifference() {
    Comparison counted = compare(Counting.EXACT, 0, List.of(LIVE_ORDERS), rows(1000));
    TableContent notCompared =
        TableContent.notCompared(ORDERS.id(), null, null, "snapshot records no fingerprints");

    Comparison c = LiveComparer.withContent(counted, Map.of(ORDERS.id(), notCompared));

    assertTrue(c.equal(), c::toString);
    assertEquals(List.of(notCompared), c.content().notCompared());
  }

  @Test
  void percentagesPrintWithoutNeedlessDecimals() {
    assertEquals("5%", LiveComparer.percent(0.05));
    assertEquals("12.5%", LiveComparer.percent(0.125));
    assertEquals("0%", LiveComparer.percent(0));
  }
}
