package io.pgsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgsnap.catalog.TableId;
import io.pgsnap.verify.Comparison;
import io.pgsnap.verify.Comparison.Counting;
import io.pgsnap.verify.Comparison.Difference;
import io.pgsnap.verify.Comparison.Side;
import io.pgsnap.verify.Comparison.TableComparison;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComparisonReportTest {
  private static final Side SNAPSHOT =
      new Side("snapshot", "appdb-20261123T091545Z (backups/appdb-20261123T091545Z)");
  private static final Side DATABASE =
      new Side("database", "appdb on localhost:5432 as app (PostgreSQL 15.8)");

  private static final TableComparison EQUAL =
      new TableComparison(new TableId("public", "a"), 3L, 3L, List.of());
  private static final TableComparison MORE =
      new TableComparison(
          new TableId("public", "Big One"),
          1000L,
          1003L,
          List.of(new Difference(Difference.Kind.ROWS, "rows differ", List.of())));
  private static final TableComparison GONE =
      new TableComparison(
          new TableId("public", "gone"),
          5L,
          null,
          List.of(new Difference(Difference.Kind.ONLY_IN_FIRST, "only in snapshot", List.of())));
  private static final TableComparison WIDER =
      new TableComparison(
          new TableId("public", "w"),
          2L,
          2L,
          List.of(
              new Difference(
                  Difference.Kind.COLUMNS,
                  "columns differ",
                  List.of("\"x\" integer only in database"))));

  private static Comparison comparison(TableComparison... tables) {
    return new Comparison(
        SNAPSHOT, DATABASE, Counting.EXACT, List.of(tables), List.of(), List.of());
  }

  @Test
  void theReportIsAHeaderAnAlignedTableAndASummary() {
    assertEquals(
        List.of(
            "snapshot:  appdb-20261123T091545Z (backups/appdb-20261123T091545Z)",
            "database:  appdb on localhost:5432 as app (PostgreSQL 15.8)",
            "rows:      exact, count(*) of every table in one consistent database snapshot",
            "",
            "TABLE             SNAPSHOT ROWS  DATABASE ROWS  DIFFERENCE  STATUS",
            "public.a                      3              3           0  equal",
            "public.\"Big One\"          1,000          1,003          +3  rows differ",
            "public.gone                   5              -           -  only in snapshot",
            "public.w                      2              2           0  columns differ",
            "    \"x\" integer only in database",
            "",
            "3 of 4 tables differ between snapshot and database"),
        ComparisonReport.lines(comparison(EQUAL, MORE, GONE, WIDER), false));
  }

  @Test
  void quietShowsOnlyTheDifferingTablesAndTheSummary() {
    assertEquals(
        List.of(
            "TABLE        SNAPSHOT ROWS  DATABASE ROWS  DIFFERENCE  STATUS",
            "public.gone              5              -           -  only in snapshot",
            "",
            "1 of 2 tables differ between snapshot and database"),
        ComparisonReport.lines(comparison(EQUAL, GONE), true));
  }

  @Test
  void summariesSayWhetherEverythingIsEqual() {
    assertEquals(
        "all 2 tables are equal in snapshot and database",
        ComparisonReport.summary(comparison(EQUAL, EQUAL)));
    assertEquals(
        "the table is equal in snapshot and database", ComparisonReport.summary(comparison(EQUAL)));
    assertEquals(
        "1 of 1 table differs between snapshot and database",
        ComparisonReport.summary(comparison(GONE)));
  }

  @Test
  void estimatesAreMarkedInTheHeaderAndNotesFollowTheSummary() {
    Comparison c =
        new Comparison(
            SNAPSHOT,
            DATABASE,
            Counting.ESTIMATED,
            List.of(EQUAL),
            List.of(),
            List.of("estimates are rough"));

    List<String> lines = ComparisonReport.lines(c, false);

    assertEquals(
        "rows:      estimated from the planner's statistics (pg_class.reltuples)", lines.get(2));
    assertEquals(
        "TABLE     SNAPSHOT ROWS  DATABASE ROWS (ESTIMATE)  DIFFERENCE  STATUS", lines.get(4));
    assertEquals("note: estimates are rough", lines.get(lines.size() - 1));
  }

  @Test
  void jsonHoldsEveryTableWithItsCountsAndDifferences() {
    Map<String, Object> json = ComparisonReport.json(comparison(EQUAL, MORE));

    assertEquals(false, json.get("equal"));
    assertEquals(1, json.get("differing"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> tables = (List<Map<String, Object>>) json.get("tables");
    assertEquals("Big One", tables.get(1).get("name"));
    assertEquals(1000L, tables.get(1).get("firstRows"));
    assertEquals(1003L, tables.get(1).get("secondRows"));
    assertEquals(3L, tables.get(1).get("rowDifference"));
    assertEquals("rows differ", tables.get(1).get("status"));
  }

  @Test
  void tablesThatAreEqualWhileWhatTheyUseDiffersAreNotReportedEqual() {
    String removed = "- enum public.mood: {\"kind\":\"enum\"}";
    Comparison c =
        new Comparison(
            SNAPSHOT, DATABASE, Counting.EXACT, List.of(EQUAL), List.of(removed), List.of());

    List<String> lines = ComparisonReport.lines(c, true);

    assertEquals(
        List.of(
            "what the tables use differs (types, domains, functions, collations, extensions):",
            "    " + removed,
            "",
            "the table is equal in snapshot and database, but what they use differs"),
        lines);
  }
}
