package io.pgsnap.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Takes one lock mode on many tables with as few statements as possible. One {@code LOCK TABLE} per
 * table would cost a round trip each (thousands of tables are common); one statement for all of
 * them would grow without bound, so tables are locked in batches.
 */
public final class TableLocks {
  /** {@code LOCK TABLE} statements name at most this many tables each. */
  public static final int BATCH = 500;

  /** The table lock modes of {@code LOCK TABLE}, weakest first. */
  public enum Mode {
    ACCESS_SHARE,
    ROW_SHARE,
    ROW_EXCLUSIVE,
    SHARE_UPDATE_EXCLUSIVE,
    SHARE,
    SHARE_ROW_EXCLUSIVE,
    EXCLUSIVE,
    ACCESS_EXCLUSIVE;

    /** The mode as {@code LOCK TABLE} spells it, e.g. {@code SHARE ROW EXCLUSIVE}. */
    public String sql() {
      return name().replace('_', ' ');
    }
  }

  private TableLocks() {}

  /**
   * Locks {@code tables} in {@code mode} in the current transaction of {@code c}, in the order
   * given ({@link #BATCH} tables a statement). The locks last until the transaction ends, so {@code
   * c} must not be in auto-commit mode for them to be of use.
   *
   * @param c the connection whose transaction takes the locks
   * @param tables qualified, quoted table names as SQL, e.g. {@code "public"."orders"}
   * @param mode the lock mode
   * @throws SQLException as the server refused a lock: {@code 55P03} when {@code lock_timeout} ran
   *     out, {@code 53200} when the server ran out of lock slots, {@code 42501} without the
   *     privilege the mode needs
   */
  public static void lock(Connection c, List<String> tables, Mode mode) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String statement : statements(tables, mode)) {
        s.execute(statement);
      }
    }
  }

  /**
   * The {@code LOCK TABLE} statements that {@link #lock} runs, so that batching can be checked
   * without a server.
   *
   * @param tables qualified, quoted table names as SQL
   * @param mode the lock mode
   * @return one statement per batch of {@link #BATCH} tables; none for no tables
   */
  public static List<String> statements(List<String> tables, Mode mode) {
    int batches = (tables.size() + BATCH - 1) / BATCH;
    return IntStream.range(0, batches)
        .mapToObj(
            b ->
                "LOCK TABLE "
                    + String.join(
                        ", ", tables.subList(b * BATCH, Math.min(tables.size(), (b + 1) * BATCH)))
                    + " IN "
                    + mode.sql()
                    + " MODE")
        .toList();
  }
}
