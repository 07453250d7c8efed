package io.pgsnap.restore;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.db.Connections;
import io.pgsnap.db.SqlStates;
import io.pgsnap.snapshot.StorageErrors;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Messages for what can go wrong during a restore, each naming what the restore was doing and what
 * to do. Every failure inside the restore's transaction leaves the target as it was, and the
 * messages say so.
 */
final class RestoreErrors {
  static final String NOTHING_CHANGED =
      "nothing was changed (the restore's transaction was rolled back)";

  /** Every privilege a restore may take, for a permission failure outside the known steps. */
  static final String ALL_PRIVILEGES =
      "A restore needs SELECT and INSERT on the target tables and UPDATE, DELETE or TRUNCATE to"
          + " lock them (TRUNCATE for --mode truncate), UPDATE on the sequences it sets, ownership"
          + " of tables with user triggers or in a foreign-key cycle, and CREATE on the schema for"
          + " --create: run it as the tables' owner, or grant what is missing";

  private RestoreErrors() {}

  /** A connection from {@code dataSource}, or a connection failure that says what to check. */
  static java.sql.Connection connect(DataSource dataSource) {
    return Connections.connect(dataSource, "check that the server is up and accepts connections");
  }

  /**
   * A failure while {@code doing} something ("loading public.orders"), or with nothing particular
   * under way when {@code doing} is null.
   */
  static PgsnapException translate(SQLException e, String doing) {
    return translate(e, doing, null);
  }

  /**
   * The same, with {@code needs} the privilege that what the restore was doing takes, as a sentence
   * that says what to do when it is missing ("Loading needs INSERT on public.orders: grant it,
   * ..."), or null for the list of everything a restore may need.
   */
  static PgsnapException translate(SQLException e, String doing, String needs) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String where = doing == null ? "" : " while " + doing;
    String detail = detail(e);
    if (SqlStates.isConnectionLost(state)) {
      return new PgsnapException(
          ErrorCode.CONNECTION,
          "the connection to the server was lost"
              + where
              + " ("
              + SqlStates.firstLine(e)
              + "); the server rolls back the unfinished transaction, so "
              + NOTHING_CHANGED.replace(" (the restore's transaction was rolled back)", "")
              + ": check that the server is up and run the restore again",
          e);
    }
    String because = where + ": " + SqlStates.firstLine(e) + detail + "; " + NOTHING_CHANGED;
    // Data exceptions (22) and constraint violations (23) quote row values in the server's
    // message and detail: the log gets the condition's code instead.
    String logged =
        SqlStates.quotesRowValues(state)
            ? where + ": " + SqlStates.firstLineForLog(e) + "; " + NOTHING_CHANGED
            : because;
    String[] said =
        switch (state) {
          case "42501" ->
              new String[] {"permission denied", ". " + (needs != null ? needs : ALL_PRIVILEGES)};
          case "23505" ->
              new String[] {
                "rows clash with rows the target already holds",
                ". Use --mode truncate to replace the table's rows, or delete the clashing rows"
                    + " first"
              };
          case "23503" ->
              new String[] {
                "a foreign key does not hold",
                ". Restore the referenced table too (--table), or load its rows first"
              };
          case "42704", "3F000" ->
              new String[] {
                "something the table needs is missing",
                ". A snapshot keeps tables, not the types, domains, extensions or functions they"
                    + " use: create those first (e.g. from your migrations), then restore"
              };
          case "55P03" ->
              new String[] {
                "could not lock the target tables within --lock-wait-timeout",
                ". Another session holds a conflicting lock; retry later or raise the timeout"
              };
          default -> new String[] {"the restore failed", ""};
        };
    ErrorCode code = state.equals("42501") ? ErrorCode.PERMISSION : ErrorCode.FAILURE;
    return new PgsnapException(code, said[0] + because + said[1], said[0] + logged + said[1], e);
  }

  private static String detail(SQLException e) {
    if (e instanceof PSQLException p) {
      ServerErrorMessage m = p.getServerErrorMessage();
      if (m != null && m.getDetail() != null) {
        return " (" + m.getDetail() + ")";
      }
    }
    return "";
  }

  /**
   * A table file of {@code snapshot} that could not be read while loading it. The files passed
   * their checks before the restore began, so what cannot be read (or decompressed) now is damaged,
   * unless access was denied.
   */
  static PgsnapException readFailure(String snapshot, String file, IOException e) {
    if (e instanceof JsonLinesDecoder.MalformedFileException) {
      return new PgsnapException(
          ErrorCode.INTEGRITY, e.getMessage() + "; " + NOTHING_CHANGED + verifyAdvice(snapshot), e);
    }
    // The location may be a URL, which Path.of would mangle (s3:/bucket/...).
    PgsnapException read = StorageErrors.readFailed(snapshot + "/" + file, e);
    if (e instanceof AccessDeniedException) {
      return new PgsnapException(read.code(), read.getMessage() + "; " + NOTHING_CHANGED, e);
    }
    return new PgsnapException(
        ErrorCode.INTEGRITY,
        read.getMessage()
            + " (the file may be damaged); "
            + NOTHING_CHANGED
            + verifyAdvice(snapshot),
        e);
  }

  /** What to do about a snapshot found damaged while loading it. */
  static String verifyAdvice(String snapshot) {
    return ". Run `pgsnap verify --deep "
        + snapshot
        + "` for a full report, and restore from an intact snapshot";
  }
}
