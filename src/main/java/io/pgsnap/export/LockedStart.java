package io.pgsnap.export;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.Catalog;
import io.pgsnap.catalog.CatalogDrift;
import io.pgsnap.catalog.CatalogReader;
import io.pgsnap.catalog.Identifiers;
import io.pgsnap.catalog.Table;
import io.pgsnap.catalog.TableSelection;
import io.pgsnap.db.SessionSettings;
import io.pgsnap.db.TableLocks;
import io.pgsnap.snapshot.Source;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Starts an export's transaction with its tables locked before its snapshot is taken.
 *
 * <p>A {@code REPEATABLE READ} transaction's snapshot is fixed by its first query, and {@code
 * TRUNCATE} is not MVCC-safe: a snapshot taken before a concurrent truncate commits, with the lock
 * granted after it, would read the truncated, empty table. So the tables are found in a transaction
 * of their own, then the export's transaction locks them with its first statements, and only then
 * runs a query. The catalog is read again in the snapshot; when a concurrent schema change altered
 * it meanwhile, the start is tried once more, then refused naming the tables.
 */
final class LockedStart {
  /** The export's source and the catalog as its snapshot sees it. */
  record Started(Source source, Catalog catalog) {
    Started {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(catalog, "catalog");
    }
  }

  private static final String UNDEFINED_TABLE = "42P01";

  private LockedStart() {}

  /**
   * Leaves {@code c} in a {@code REPEATABLE READ, READ ONLY} transaction holding {@code ACCESS
   * SHARE} locks on every selected table, with the export's session settings applied.
   *
   * @param readSource reads the source's description, in a transaction
   * @param check refuses a catalog before anything is locked (privileges, row security)
   */
  static Started begin(
      Connection c,
      TableSelection selection,
      Duration lockWaitTimeout,
      SqlFunction<Connection, Source> readSource,
      Consumer<Started> check)
      throws SQLException {
    for (int attempt = 1; ; attempt++) {
      c.setAutoCommit(false);
      SessionSettings.applyLocally(c, SessionSettings.EXPORT);
      Started planned = new Started(readSource.apply(c), new CatalogReader(c).read(selection));
      check.accept(planned);
      c.commit();

      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      try {
        lock(c, planned.catalog().tables(), lockWaitTimeout);
      } catch (SQLException e) {
        c.rollback();
        if (UNDEFINED_TABLE.equals(e.getSQLState()) && attempt == 1) {
          continue; // dropped since it was found: find the tables again
        }
        throw ExportErrors.lockFailed(e, lockWaitTimeout);
      }
      // The first query: the snapshot, taken with every lock held.
      SessionSettings.applyLocally(c, SessionSettings.EXPORT);
      Catalog seen = new CatalogReader(c).read(selection);
      List<String> changed = CatalogDrift.changed(planned.catalog(), seen);
      if (changed.isEmpty()) {
        return new Started(planned.source(), seen);
      }
      c.rollback();
      if (attempt == 2) {
        throw new PgsnapException(
            ErrorCode.FAILURE,
            "the tables changed while the export started, twice: "
                + String.join(", ", changed)
                + " (a schema change ran at the same time); nothing was exported. Run the export"
                + " again once the schema change is done");
      }
    }
  }

  /**
   * Takes the locks with the transaction's first statements. {@code SET LOCAL} and {@code LOCK}
   * take no snapshot; {@code set_config} would, as a query.
   */
  private static void lock(Connection c, List<Table> tables, Duration timeout) throws SQLException {
    try (Statement s = c.createStatement()) {
      if (timeout != null) {
        s.execute("SET LOCAL lock_timeout = " + Identifiers.literal(timeout.toMillis() + "ms"));
      }
      TableLocks.lock(
          c, tables.stream().map(t -> t.id().sql()).toList(), TableLocks.Mode.ACCESS_SHARE);
      if (timeout != null) {
        s.execute("SET LOCAL lock_timeout = 0");
      }
    }
  }

  /** A function that may throw {@link SQLException}. */
  @FunctionalInterface
  interface SqlFunction<T, R> {
    R apply(T t) throws SQLException;
  }
}
