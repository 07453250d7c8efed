package io.pgsnap.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Stand-in: ordinary tables of schema public with their columns, until the full reader lands. */
public final class CatalogReader {
  private final Connection connection;

  public CatalogReader(Connection connection) {
    this.connection = connection;
  }

  public Catalog read(TableSelection selection) throws SQLException {
    List<Table> tables = new ArrayList<>();
    try (PreparedStatement ps =
            connection.prepareStatement(
                "SELECT c.oid, c.relname, c.relkind, greatest(c.reltuples,0)::bigint,"
                    + " pg_catalog.pg_table_size(c.oid) FROM pg_catalog.pg_class c"
                    + " WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r','p')"
                    + " AND NOT c.relispartition ORDER BY c.relname");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement cs =
            connection.prepareStatement(
                "SELECT attname, pg_catalog.format_type(atttypid, atttypmod), attnotnull,"
                    + " attgenerated FROM pg_catalog.pg_attribute WHERE attrelid = ? AND attnum > 0"
                    + " AND NOT attisdropped ORDER BY attnum")) {
          cs.setLong(1, rs.getLong(1));
          try (ResultSet crs = cs.executeQuery()) {
            while (crs.next()) {
              columns.add(
                  new Column(
                      crs.getString(1),
                      crs.getString(2),
                      crs.getBoolean(3),
                      null,
                      crs.getString(4).isEmpty() ? Column.Generated.NONE : Column.Generated.STORED,
                      null,
                      Column.Identity.NONE,
                      null));
            }
          }
        }
        tables.add(
            new Table(
                new TableId("public", rs.getString(2)),
                rs.getString(3).equals("p") ? Table.Kind.PARTITIONED : Table.Kind.ORDINARY,
                false,
                columns,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                false,
                false,
                true,
                rs.getLong(4),
                rs.getLong(5),
                new Ddl("CREATE TABLE", List.of(), List.of(), List.of(), List.of())));
      }
    }
    return new Catalog(tables, List.of());
  }
}
