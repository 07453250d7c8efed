package io.pgsnap.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How a failed statement's SQLSTATE and message are read. */
class SqlStatesTest {

  @ParameterizedTest
  @ValueSource(strings = {"08006", "08001", "08P01", "57P01", "57P02", "57P03"})
  void aBrokenConnectionOrAStoppedServerIsALostConnection(String state) {
    assertTrue(SqlStates.isConnectionLost(new SQLException("gone", state)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"23505", "42P01", "42501", "55P03", "57014", "53200"})
  void aFailedStatementIsNotALostConnection(String state) {
    assertFalse(SqlStates.isConnectionLost(new SQLException("refused", state)));
  }

  @Test
  void aFailureWithoutSqlStateIsNotALostConnection() {
    assertFalse(SqlStates.isConnectionLost(new SQLException("no state")));
  }

  @Test
  void theFirstLineLeavesOutDetailAndHint() {
    SQLException e =
        new SQLException(
            "ERROR: relation \"t\" does not exist\n  Hint: create it\n  Position: 15", "42P01");

    assertEquals("ERROR: relation \"t\" does not exist", SqlStates.firstLine(e));
  }

  @Test
  void aOneLineMessageIsItsOwnFirstLine() {
    assertEquals("canceled", SqlStates.firstLine(new SQLException("canceled")));
  }

  @Test
  void noMessageReadsAsNull() {
    assertEquals("null", SqlStates.firstLine(new SQLException()));
  }
}
