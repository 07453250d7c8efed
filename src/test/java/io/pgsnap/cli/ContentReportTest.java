package io.pgsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgsnap.catalog.TableId;
import io.pgsnap.fingerprint.Fingerprint;
import io.pgsnap.verify.Comparison;
import io.pgsnap.verify.Comparison.Counting;
import io.pgsnap.verify.Comparison.Difference;
import io.pgsnap.verify.Comparison.Side;
import io.pgsnap.verify.Comparison.TableComparison;
import io.pgsnap.verify.ContentComparison;
import io.pgsnap.verify.ContentComparison.DifferingKey;
import io.pgsnap.verify.ContentComparison.Status;
import io.pgsnap.verify.ContentComparison.TableContent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContentReportTest {
  private static final Side SNAPSHOT = new Side("snapshot", "s");
  private static final Side DATABASE = new Side("database", "d");
  private static final TableId ORDERS = new TableId("public", "orders");
  private static final Fingerprint BEFORE = new Fingerprint(3, "a".repeat(64));
  private static final Fingerprint AFTER = new Fingerprint(3, "b".repeat(64));

  private static final TableContent CHANGED =
      new TableContent(
          ORDERS,
          Status.DIFFERS,
          BEFORE,
          AFTER,
          null,
          List.of("id", "region"),
          List.of(
              new DifferingKey(DifferingKey.Kind.CHANGED, List.of("2", "eu")),
              new DifferingKey(DifferingKey.Kind.ONLY_IN_FIRST, List.of("3", "us")),
              new DifferingKey(DifferingKey.Kind.ONLY_IN_SECOND, List.of("4", "us"))),
          true);

  private static TableContent notCompared(String name, String why) {
    return new TableContent(
        new TableId("public", name),
        Status.NOT_COMPARED,
        null,
        null,
        why,
        List.of(),
        List.of(),
        false);
  }

  private static Comparison comparison(List<TableContent> content) {
    return new Comparison(
        SNAPSHOT,
        DATABASE,
        Counting.EXACT,
        List.of(
            new TableComparison(
                ORDERS,
                3L,
                3L,
                List.of(new Difference(Difference.Kind.CONTENT, "content differs", List.of())))),
        List.of(),
        List.of(),
        new ContentComparison(true, content));
  }

  @Test
  void differingContentListsItsKeysByKindAndSaysWhenMoreDiffer() {
    assertEquals(
        List.of(
            "content differs:",
            "    public.orders: fingerprint aaaaaaaaaaaaaaaa… of 3 rows in snapshot,"
                + " bbbbbbbbbbbbbbbb… of 3 rows in database",
            "        changed: (id, region)=(2, eu)",
            "        only in snapshot: (id, region)=(3, us)",
            "        only in database: (id, region)=(4, us)",
            "        and more rows differ",
            ""),
        ContentReport.lines(comparison(List.of(CHANGED))));
  }

  @Test
  void tablesNotComparedForTheSameReasonShareALine() {
    List<TableContent> content =
        List.of(
            notCompared("a", "snapshot records no content fingerprints"),
            notCompared("b", "snapshot records no content fingerprints"),
            notCompared("c", "its columns differ between snapshot and database"));

    assertEquals(
        List.of(
            "content not compared:",
            "    2 tables: snapshot records no content fingerprints: public.a, public.b",
            "    public.c: its columns differ between snapshot and database",
            ""),
        ContentReport.lines(comparison(content)));
  }

  @Test
  void jsonHoldsEachTablesFingerprintsAndKeys() {
    Map<String, Object> json = ContentReport.json(comparison(List.of(CHANGED)).content());

    assertEquals(1, json.get("differing"));
    @SuppressWarnings("unchecked")
    Map<String, Object> orders = ((List<Map<String, Object>>) json.get("tables")).get(0);
    assertEquals(AFTER, orders.get("second"));
    assertEquals(CHANGED.keys(), orders.get("keys"));
    assertEquals(true, orders.get("moreKeys"));
  }

  @Test
  void aComparisonWithoutContentHasNoContentPart() {
    Comparison c =
        new Comparison(SNAPSHOT, DATABASE, Counting.EXACT, List.of(), List.of(), List.of());

    assertEquals(List.of(), ContentReport.lines(c));
    assertEquals(null, ContentReport.json(c.content()));
  }
}
