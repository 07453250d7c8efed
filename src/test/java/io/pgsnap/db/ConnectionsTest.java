package io.pgsnap.db;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Getting a connection and giving back its transaction. */
class ConnectionsTest {

  @Test
  void noConnectionIsAConnectionFailureWithTheCallersAdvice() {
    SQLException refused = new SQLException("Connection refused\n  more detail", "08001");

    PgsnapException e =
        assertThrows(
            PgsnapException.class,
            () -> Connections.connect(FakeJdbc.failing(refused), "check the server"));

    assertEquals(ErrorCode.CONNECTION, e.code());
    assertEquals(
        "could not get a database connection: Connection refused; check the server",
        e.getMessage());
    assertSame(refused, e.getCause());
  }

  @Test
  void anOpenTransactionIsRolledBack() {
    FakeJdbc jdbc = new FakeJdbc(Map.of("isClosed", false, "getAutoCommit", false));

    Connections.rollbackQuietly(jdbc.connection());

    assertEquals(
        List.of(
            "isClosed()",
            "unwrap(interface org.postgresql.PGConnection)",
            "getAutoCommit()",
            "rollback()"),
        jdbc.calls);
  }

  @Test
  void aConnectionInAutoCommitModeIsLeftAlone() {
    FakeJdbc jdbc = new FakeJdbc(Map.of("isClosed", false, "getAutoCommit", true));

    Connections.rollbackQuietly(jdbc.connection());

    assertEquals(
        List.of("isClosed()", "unwrap(interface org.postgresql.PGConnection)", "getAutoCommit()"),
        jdbc.calls);
  }

  @Test
  void aClosedConnectionIsLeftAlone() {
    FakeJdbc jdbc = new FakeJdbc(Map.of("isClosed", true));

    Connections.rollbackQuietly(jdbc.connection());

    assertEquals(List.of("isClosed()"), jdbc.calls);
  }

  @Test
  void aBrokenConnectionThatCannotRollBackThrowsNothing() {
    FakeJdbc jdbc =
        new FakeJdbc(
            Map.of(
                "isClosed", false,
                "getAutoCommit", false,
                "rollback", new SQLException("An I/O error occurred", "08006")));

    assertDoesNotThrow(() -> Connections.rollbackQuietly(jdbc.connection()));
  }

  @Test
  void aClosedConnectionIsReportedWithWhatWasUnderWayAndTheAdvice() {
    SQLException lost = new SQLException("An I/O error occurred\n  while sending", "08006");

    PgsnapException e = Connections.closedByServer(lost, " while exporting public.t", "run again");

    assertEquals(ErrorCode.CONNECTION, e.code());
    assertEquals(
        "the server closed the connection while exporting public.t (An I/O error occurred); run"
            + " again",
        e.getMessage());
    assertSame(lost, e.getCause());
  }
}
