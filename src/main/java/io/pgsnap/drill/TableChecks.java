package io.pgsnap.drill;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.db.SessionSettings;
import io.pgsnap.db.SqlStates;
import io.pgsnap.fingerprint.Fingerprint;
import io.pgsnap.fingerprint.LiveRows;
import io.pgsnap.snapshot.ManifestTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads every restored table back, in one {@code REPEATABLE READ} transaction under the export's
 * pinned session settings (so values print as the export printed them), and compares its rows and
 * content fingerprint with the manifest's.
 */
final class TableChecks {
  private TableChecks() {}

  /** What the server that holds the restored tables and the checks of those tables found. */
  record ReadBack(String serverVersion, List<TableCheck> tables) {}

  static ReadBack read(Connection c, List<ManifestTable> tables) {
    String current = "";
    try {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      SessionSettings.applyLocally(c, SessionSettings.EXPORT);
      String version = serverVersion(c);
      List<TableCheck> checks = new ArrayList<>();
      for (ManifestTable t : tables) {
        current = t.id().display();
        Fingerprint restored = LiveRows.read(c, t.id(), t.kind(), t.fileColumns(), () -> {});
        checks.add(new TableCheck(current, t.rows(), t.recordedFingerprint(), restored));
      }
      c.rollback();
      return new ReadBack(version, checks);
    } catch (SQLException e) {
      throw new PgsnapException(
          ErrorCode.FAILURE,
          "could not read the restored "
              + (current.isEmpty() ? "database" : current)
              + " back: "
              + SqlStates.firstLine(e),
          SqlStates.firstLineForLog(e),
          e);
    }
  }

  private static String serverVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
