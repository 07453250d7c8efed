package io.pgsnap.export;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.Catalog;
import io.pgsnap.catalog.Table;
import io.pgsnap.catalog.TableId;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Checks, before any lock is taken or file written, that the user can read every selected table in
 * full, and names every table that it cannot.
 */
final class Preflight {
  private Preflight() {}

  static void check(Catalog catalog, String user) {
    List<TableId> unreadable =
        catalog.tables().stream().filter(t -> !t.readable()).map(Table::id).toList();
    if (!unreadable.isEmpty()) {
      throw new PgsnapException(
          ErrorCode.PERMISSION,
          "permission denied: user \""
              + user
              + "\" cannot SELECT from "
              + names(unreadable)
              + "; grant it (GRANT SELECT ON "
              + unreadable.get(0).sql()
              + " TO "
              + io.pgsnap.catalog.Identifiers.quote(user)
              + ") or leave "
              + (unreadable.size() == 1 ? "it" : "them")
              + " out with --exclude-table");
    }
    List<TableId> filtered =
        catalog.tables().stream().filter(Table::rowSecurityApplies).map(Table::id).toList();
    if (!filtered.isEmpty()) {
      throw new PgsnapException(
          ErrorCode.PERMISSION,
          "row-level security would hide rows of "
              + names(filtered)
              + " from user \""
              + user
              + "\", and pgsnap never exports a table partially; export as the table owner"
              + " (without FORCE ROW LEVEL SECURITY), a superuser or a role with BYPASSRLS"
              + " (ALTER ROLE ... BYPASSRLS), or leave "
              + (filtered.size() == 1 ? "it" : "them")
              + " out with --exclude-table");
    }
  }

  private static String names(List<TableId> tables) {
    return tables.stream().map(TableId::toString).collect(Collectors.joining(", "));
  }
}
