package io.pgsnap.verify;

import static io.pgsnap.testsupport.SampleManifests.beforeFingerprints;
import static io.pgsnap.testsupport.SampleManifests.column;
import static io.pgsnap.testsupport.SampleManifests.manifest;
import static io.pgsnap.testsupport.SampleManifests.table;
import static io.pgsnap.testsupport.SampleManifests.withFingerprint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.catalog.Ddl;
import io.pgsnap.catalog.TableId;
import io.pgsnap.fingerprint.Fingerprint;
import io.pgsnap.snapshot.Compression;
import io.pgsnap.snapshot.DataFormat;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.ManifestTable;
import io.pgsnap.testsupport.SampleManifests;
import io.pgsnap.verify.Comparison.Difference.Kind;
import io.pgsnap.verify.Comparison.Side;
import io.pgsnap.verify.Comparison.TableComparison;
import io.pgsnap.verify.ContentComparison.TableContent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SnapshotComparer}'s rules on made-up manifests. */
class SnapshotComparerTest {
  private static final Side A = new Side("A", "first");
  private static final Side B = new Side("B", "second");
  private static final String SHA1 = "1".repeat(64);
  private static final String SHA2 = "2".repeat(64);

  private static final ManifestTable ORDERS =
      table("public", "orders", 3, SHA1, column("id", "integer"), column("total", "numeric"));
  private static final ManifestTable USERS =
      table("public", "users", 2, SHA2, column("id", "integer"));

  private static Comparison compare(Manifest a, Manifest b) {
    return SnapshotComparer.compare(A, a, B, b);
  }

  private static TableComparison only(Comparison c) {
    assertEquals(1, c.tables().size(), c::toString);
    return c.tables().get(0);
  }

  private static List<Kind> kinds(TableComparison t) {
    return t.differences().stream().map(Comparison.Difference::kind).toList();
  }

  @Test
  void identicalManifestsAreEqual() {
    Comparison c = compare(manifest("a", ORDERS, USERS), manifest("b", ORDERS, USERS));

    assertTrue(c.equal());
    assertEquals(Comparison.Counting.RECORDED, c.counting());
    assertEquals(
        List.of("equal", "equal"), c.tables().stream().map(TableComparison::status).toList());
    assertEquals(List.of(), c.notes());
  }

  @Test
  void moreRowsDifferInRowsAndContent() {
    ManifestTable more =
        table("public", "orders", 5, SHA2, column("id", "integer"), column("total", "numeric"));

    TableComparison t = only(compare(manifest("a", ORDERS), manifest("b", more)));

    assertEquals(List.of(Kind.ROWS, Kind.CONTENT), kinds(t));
    assertEquals(3L, t.firstRows());
    assertEquals(5L, t.secondRows());
    assertEquals(2L, t.rowDifference());
    assertEquals("rows differ, content differs", t.status());
  }

  @Test
  void anotherFingerprintOfEqualRowsIsAContentDifference() {
    ManifestTable changed = withFingerprint(ORDERS, new Fingerprint(3, "a".repeat(64)));

    Comparison c = compare(manifest("a", ORDERS), manifest("b", changed));

    assertEquals(List.of(Kind.CONTENT), kinds(only(c)));
    assertEquals(
        List.of(new TableId("public", "orders")),
        c.content().differing().stream().map(TableContent::table).toList());
  }

  @Test
  void equalFingerprintsInAnotherFileAreEqualContentInAnotherRowOrder() {
    ManifestTable reordered =
        table("public", "orders", 3, SHA2, column("id", "integer"), column("total", "numeric"));

    Comparison c = compare(manifest("a", ORDERS), manifest("b", reordered));

    assertTrue(c.equal(), c::toString);
    assertEquals(ContentComparison.Status.EQUAL, c.content().tables().get(0).status());
  }

  @Test
  void withoutFingerprintsOnOneSideChecksumsAreComparedAndTheContentIsNotCompared() {
    ManifestTable more =
        table("public", "orders", 5, SHA2, column("id", "integer"), column("total", "numeric"));

    Comparison c = compare(beforeFingerprints("a", ORDERS), manifest("b", more));

    assertEquals(List.of(Kind.ROWS, Kind.CHECKSUM), kinds(only(c)));
    assertEquals(
        "A records no content fingerprints (manifest format 4; they came with format 5)",
        c.content().notCompared().get(0).note());
  }

  @Test
  void tablesOnOneSideAreNamedBySide() {
    Comparison c = compare(manifest("a", ORDERS), manifest("b", USERS));

    assertFalse(c.equal());
    assertEquals(
        List.of(new TableId("public", "orders"), new TableId("public", "users")),
        c.tables().stream().map(TableComparison::table).toList());
    assertEquals("only in A", c.tables().get(0).status());
    assertEquals(3L, c.tables().get(0).firstRows());
    assertEquals(null, c.tables().get(0).secondRows());
    assertEquals("only in B", c.tables().get(1).status());
  }

  @Test
  void checksumsAreComparedOnlyInTheSameFormatAndCompression() {
    ManifestTable asJsonl =
        SampleManifests.writtenAs(ORDERS, DataFormat.JSONL, Compression.GZIP, SHA2);

    Comparison c = compare(beforeFingerprints("a", ORDERS), beforeFingerprints("b", asJsonl));

    assertTrue(c.equal(), c::toString);
    assertEquals(1, c.notes().size());
    assertTrue(c.notes().get(0).contains("csv/zstd and jsonl/gzip"), c.notes().get(0));
  }

  @Test
  void anAddedIndexIsADdlDifferenceWithTheStatement() {
    String index = "CREATE INDEX orders_total_idx ON public.orders USING btree (total)";
    Ddl ddl = ORDERS.ddl();
    ManifestTable indexed =
        SampleManifests.withDdl(
            ORDERS,
            new Ddl(
                ddl.createTable(),
                ddl.partitions(),
                ddl.constraints(),
                List.of(index),
                ddl.foreignKeys()));

    Comparison c = compare(manifest("a", ORDERS), manifest("b", indexed));
    TableComparison t = only(c);

    assertEquals(List.of(Kind.DDL), kinds(t));
    assertEquals("DDL differs", t.status());
    assertEquals(List.of("+ " + index), t.differences().get(0).details());
    assertTrue(c.notes().get(0).contains("+ only in B"), c.notes().toString());
  }

  @Test
  void anAddedColumnDiffersInColumnsAndDdl() {
    ManifestTable wider =
        table(
            "public",
            "orders",
            3,
            SHA1,
            column("id", "integer"),
            column("total", "numeric"),
            column("note", "text"));

    TableComparison t = only(compare(manifest("a", ORDERS), manifest("b", wider)));

    assertEquals(List.of(Kind.COLUMNS, Kind.DDL), kinds(t));
    assertEquals(List.of("\"note\" text only in B"), t.differences().get(0).details());
  }
}
