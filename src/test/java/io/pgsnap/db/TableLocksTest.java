package io.pgsnap.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Locking many tables in batches. */
class TableLocksTest {

  private static List<String> tables(int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> "\"s\".\"t" + i + "\"").toList();
  }

  @Test
  void noTablesTakeNoStatement() {
    assertEquals(List.of(), TableLocks.statements(List.of(), TableLocks.Mode.ACCESS_SHARE));
  }

  @Test
  void fewTablesAreLockedInOneStatementInTheOrderGiven() {
    assertEquals(
        List.of("LOCK TABLE \"s\".\"t1\", \"s\".\"t2\" IN SHARE ROW EXCLUSIVE MODE"),
        TableLocks.statements(tables(2), TableLocks.Mode.SHARE_ROW_EXCLUSIVE));
  }

  @Test
  void eachStatementNamesAtMostOneBatchOfTables() {
    List<String> statements =
        TableLocks.statements(tables(TableLocks.BATCH * 2 + 1), TableLocks.Mode.ACCESS_SHARE);

    assertEquals(3, statements.size());
    assertEquals(
        List.of(TableLocks.BATCH, TableLocks.BATCH, 1),
        statements.stream().map(s -> s.split(", ").length).toList());
    assertEquals(
        "LOCK TABLE \"s\".\"t" + (TableLocks.BATCH * 2 + 1) + "\" IN ACCESS SHARE MODE",
        statements.get(2));
  }

  @Test
  void exactlyOneBatchTakesOneStatement() {
    assertEquals(
        1, TableLocks.statements(tables(TableLocks.BATCH), TableLocks.Mode.ACCESS_SHARE).size());
  }

  @Test
  void lockingRunsTheStatementsOnTheConnection() throws SQLException {
    FakeJdbc jdbc = new FakeJdbc(Map.of());

    TableLocks.lock(jdbc.connection(), tables(1), TableLocks.Mode.ACCESS_SHARE);

    assertEquals(
        List.of(
            "createStatement()",
            "execute(LOCK TABLE \"s\".\"t1\" IN ACCESS SHARE MODE)",
            "close()"),
        jdbc.calls);
  }

  @Test
  void modesAreSpelledAsLockTableSpellsThem() {
    assertEquals("ACCESS EXCLUSIVE", TableLocks.Mode.ACCESS_EXCLUSIVE.sql());
    assertEquals("SHARE UPDATE EXCLUSIVE", TableLocks.Mode.SHARE_UPDATE_EXCLUSIVE.sql());
  }
}
