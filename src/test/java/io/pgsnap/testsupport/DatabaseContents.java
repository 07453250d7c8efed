package io.pgsnap.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What a database holds, as text, to show that an operation left it exactly as it was. */
public final class DatabaseContents {
  private DatabaseContents() {}

  /**
   * Everything a restore could change in {@code db}, as text: its schemas, tables with all their
   * rows, sequences with their values, constraints and triggers with their enabled state.
   */
  public static String of(TestDatabase db) {
    return describe(db, "'r', 'p', 'S', 'i'", true);
  }

  /**
   * The rows of every table and the values of every sequence of {@code db}, as text: what a restore
   * must bring back exactly, without the structure (see {@link CatalogDescription} for that).
   */
  public static String rows(TestDatabase db) {
    return describe(db, "'r', 'p', 'S'", false);
  }

  private static String describe(TestDatabase db, String relkinds, boolean withStructure) {
    StringBuilder out = new StringBuilder();
    String user =
        " n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      List<String[]> relations = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery("SELECT nspname FROM pg_namespace n WHERE" + user + " ORDER BY 1")) {
        while (rs.next()) {
          out.append("schema ").append(rs.getString(1)).append('\n');
        }
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT n.nspname, c.relname, c.relkind FROM pg_class c"
                  + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                  + " WHERE c.relkind IN ("
                  + relkinds
                  + ") AND"
                  + user
                  + " ORDER BY 1, 2")) {
        while (rs.next()) {
          relations.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
        }
      }
      for (String[] r : relations) {
        String name = "\"" + r[0] + "\".\"" + r[1] + "\"";
        out.append(r[2]).append(' ').append(name).append(":");
        String query =
            switch (r[2]) {
              case "S" -> "SELECT last_value || ',' || is_called FROM " + name;
              case "i" -> null;
              default -> "SELECT t::text FROM ONLY " + name + " t ORDER BY 1";
            };
        if (query != null) {
          try (ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
              out.append(' ').append(rs.getString(1));
            }
          }
        }
        out.append('\n');
      }
      if (!withStructure) {
        return out.toString();
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT k.conrelid::regclass::text, k.conname, pg_get_constraintdef(k.oid)"
                  + " FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace"
                  + " WHERE"
                  + user
                  + " ORDER BY 1, 2")) {
        while (rs.next()) {
          out.append("constraint ")
              .append(rs.getString(1))
              .append(' ')
              .append(rs.getString(2))
              .append(' ')
              .append(rs.getString(3))
              .append('\n');
        }
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT t.tgrelid::regclass::text, t.tgname, t.tgenabled FROM pg_trigger t"
                  + " WHERE NOT t.tgisinternal ORDER BY 1, 2")) {
        while (rs.next()) {
          out.append("trigger ")
              .append(rs.getString(1))
              .append(' ')
              .append(rs.getString(2))
              .append(' ')
              .append(rs.getString(3))
              .append('\n');
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }
}
