package io.pgsnap.restore;

import io.pgsnap.Cancellation;
import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.db.SessionSettings;
import io.pgsnap.fingerprint.Fingerprint;
import io.pgsnap.fingerprint.LiveRows;
import io.pgsnap.snapshot.ManifestTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * {@code --verify-content}: reads a table back right after its load, in the same transaction, and
 * compares its content fingerprint with the snapshot's. Equal row counts do not prove equal values:
 * a target column of another type, a trigger or rule of the target, or a cast can change a value on
 * its way in. A difference fails the load, so its transaction rolls back.
 */
final class ContentCheck {
  private ContentCheck() {}

  /**
   * Reads {@code load}'s target back with its planned read-back statement.
   *
   * @throws PgsnapException {@link ErrorCode#INTEGRITY} naming the table when the content differs
   */
  static void run(Connection connection, TableLoad load, Cancellation cancellation) {
    ManifestTable entry = load.entry();
    Fingerprint recorded = entry.recordedFingerprint().orElseThrow();
    PlannedStatement readBack = load.readBack();
    Fingerprint loaded;
    try {
      // Values print as the export printed them only under its pinned settings; the restore's
      // own settings are put back afterwards for the statements that follow.
      Map<String, String> before =
          SessionSettings.read(connection, SessionSettings.EXPORT.keySet());
      SessionSettings.applyLocally(connection, SessionSettings.EXPORT);
      loaded =
          LiveRows.read(
              connection,
              readBack.sql(),
              entry.fileColumns().size(),
              cancellation::throwIfCancelled);
      SessionSettings.applyLocally(connection, before);
    } catch (SQLException e) {
      throw RestoreErrors.translate(e, readBack.doing(), readBack.needs());
    }
    if (!loaded.equals(recorded)) {
      throw new PgsnapException(
          ErrorCode.INTEGRITY,
          load.step().target().display()
              + " does not hold the values the snapshot recorded after loading "
              + entry.filesDisplay()
              + ": its content fingerprint reads back as "
              + loaded.shortSum()
              + "… for "
              + loaded.rows()
              + " rows, the snapshot's is "
              + recorded.shortSum()
              + "… (a target column of another type, a trigger or rule of the target, or a"
              + " damaged snapshot changed values on the way in), so "
              + RestoreErrors.NOTHING_CHANGED);
    }
  }
}
