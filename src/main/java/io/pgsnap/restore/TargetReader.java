package io.pgsnap.restore;

import io.pgsnap.catalog.TableId;
import io.pgsnap.restore.TargetState.TargetColumn;
import io.pgsnap.restore.TargetState.TargetForeignKey;
import io.pgsnap.restore.TargetState.TargetTable;
import io.pgsnap.restore.TargetState.Trigger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the {@link TargetState} of the database a restore writes into. */
final class TargetReader {
  private final Connection connection;

  TargetReader(Connection connection) {
    this.connection = connection;
  }

  /** The ordinary and partitioned tables among {@code ids} that exist, by name. */
  Map<TableId, Character> existingTables(Collection<TableId> ids) throws SQLException {
    Map<TableId, Character> found = new LinkedHashMap<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT n.nspname, c.relname, c.relkind"
                + " FROM ROWS FROM (pg_catalog.unnest(?::text[]), pg_catalog.unnest(?::text[]))"
                + " AS w(s, t)"
                + " JOIN pg_catalog.pg_namespace n ON n.nspname = w.s"
                + " JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = w.t")) {
      bindIds(ps, ids);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.put(new TableId(rs.getString(1), rs.getString(2)), rs.getString(3).charAt(0));
        }
      }
    }
    return found;
  }

  /** The state of the tables {@code existing} (which exist and are locked), and the schemas. */
  TargetState read(
      Collection<TableId> existing, Collection<String> schemas, Collection<TableId> sequences)
      throws SQLException {
    Map<TableId, TargetTable> tables = new LinkedHashMap<>();
    for (TableId id : existing) {
      boolean partitioned = isPartitioned(id);
      tables.put(
          id,
          new TargetTable(
              id, partitioned, columns(id), keys(id), hasRows(id, partitioned), triggers(id)));
    }
    return new TargetState(
        tables, foreignKeys(), existingSchemas(schemas), existing(sequences, "S"));
  }

  private boolean isPartitioned(TableId id) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT c.relkind = 'p' FROM pg_catalog.pg_class c WHERE c.oid = ?::regclass")) {
      ps.setString(1, id.sql());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private List<TargetColumn> columns(TableId id) throws SQLException {
    List<TargetColumn> columns = new ArrayList<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT a.attname, a.attgenerated <> '',"
                // The restore's empty search path makes user types print schema-qualified, as
                // the export printed them.
                + " pg_catalog.format_type(a.atttypid, a.atttypmod)"
                + " FROM pg_catalog.pg_attribute a"
                + " WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped"
                + " ORDER BY a.attnum")) {
      ps.setString(1, id.sql());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(new TargetColumn(rs.getString(1), rs.getBoolean(2), rs.getString(3)));
        }
      }
    }
    return columns;
  }

  /** The definitions of the table's primary key and unique constraints, e.g. {@code UNIQUE (a)}. */
  private List<String> keys(TableId id) throws SQLException {
    List<String> keys = new ArrayList<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT pg_catalog.pg_get_constraintdef(k.oid) FROM pg_catalog.pg_constraint k"
                + " WHERE k.conrelid = ?::regclass AND k.contype IN ('p', 'u') ORDER BY 1")) {
      ps.setString(1, id.sql());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.add(rs.getString(1));
        }
      }
    }
    return keys;
  }

  /** Whether {@code table} holds rows now. */
  boolean hasRows(TargetState.TargetTable table) throws SQLException {
    return hasRows(table.id(), table.partitioned());
  }

  /** Whether the table holds rows; an inheritance parent's own rows only, as restore loads it. */
  private boolean hasRows(TableId id, boolean partitioned) throws SQLException {
    String from = partitioned ? id.sql() : "ONLY " + id.sql();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT FROM " + from + ")")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /** User triggers on the table and every partition below it, the table's first. */
  private List<Trigger> triggers(TableId id) throws SQLException {
    List<Trigger> triggers = new ArrayList<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT n.nspname, c.relname, t.tgname, t.tgenabled"
                // pg_partition_tree is empty for a table outside any partition tree.
                + " FROM (SELECT relid, level FROM pg_catalog.pg_partition_tree(?::regclass)"
                + "       UNION SELECT ?::regclass, 0) p"
                + " JOIN pg_catalog.pg_class c ON c.oid = p.relid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_catalog.pg_trigger t ON t.tgrelid = c.oid AND NOT t.tgisinternal"
                + " ORDER BY p.level, n.nspname, c.relname, t.tgname")) {
      ps.setString(1, id.sql());
      ps.setString(2, id.sql());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          triggers.add(
              new Trigger(
                  new TableId(rs.getString(1), rs.getString(2)),
                  rs.getString(3),
                  rs.getString(4).charAt(0)));
        }
      }
    }
    return triggers;
  }

  /**
   * Every top-level foreign key of the database, each side named by its partition root, so that a
   * key on or to a partition counts for the partitioned table a restore loads through.
   */
  private List<TargetForeignKey> foreignKeys() throws SQLException {
    List<TargetForeignKey> keys = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT k.conname,"
                    + " rn.nspname, r.relname, cn.nspname, c.relname, fn.nspname, f.relname,"
                    + " pg_catalog.pg_get_constraintdef(k.oid)"
                    + " FROM pg_catalog.pg_constraint k"
                    + " JOIN pg_catalog.pg_class c ON c.oid = k.conrelid"
                    + " JOIN pg_catalog.pg_namespace cn ON cn.oid = c.relnamespace"
                    + " JOIN pg_catalog.pg_class r"
                    + "   ON r.oid = COALESCE(pg_catalog.pg_partition_root(k.conrelid), k.conrelid)"
                    + " JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace"
                    + " JOIN pg_catalog.pg_class f"
                    + "   ON f.oid = COALESCE(pg_catalog.pg_partition_root(k.confrelid), k.confrelid)"
                    + " JOIN pg_catalog.pg_namespace fn ON fn.oid = f.relnamespace"
                    + " WHERE k.contype = 'f' AND k.conparentid = 0"
                    + " ORDER BY rn.nspname, r.relname, k.conname")) {
      while (rs.next()) {
        keys.add(
            new TargetForeignKey(
                rs.getString(1),
                new TableId(rs.getString(2), rs.getString(3)),
                new TableId(rs.getString(4), rs.getString(5)),
                new TableId(rs.getString(6), rs.getString(7)),
                rs.getString(8)));
      }
    }
    return keys;
  }

  private Set<String> existingSchemas(Collection<String> schemas) throws SQLException {
    Set<String> found = new HashSet<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname = ANY (?::text[])")) {
      ps.setArray(1, connection.createArrayOf("text", schemas.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getString(1));
        }
      }
    }
    return found;
  }

  private Set<TableId> existing(Collection<TableId> ids, String relkind) throws SQLException {
    Set<TableId> found = new HashSet<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT n.nspname, c.relname"
                + " FROM ROWS FROM (pg_catalog.unnest(?::text[]), pg_catalog.unnest(?::text[]))"
                + " AS w(s, t)"
                + " JOIN pg_catalog.pg_namespace n ON n.nspname = w.s"
                + " JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = w.t"
                + " WHERE c.relkind = ?")) {
      bindIds(ps, ids);
      ps.setString(3, relkind);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(new TableId(rs.getString(1), rs.getString(2)));
        }
      }
    }
    return found;
  }

  /**
   * The tables among {@code tables} (which exist) where row-level security applies to this user:
   * COPY cannot load them.
   */
  List<TableId> underRowSecurity(Collection<TableId> tables) throws SQLException {
    return whereTrue(
        tables, "pg_catalog.row_security_active(pg_catalog.format('%I.%I', w.s, w.t))");
  }

  /** The sequences among {@code sequences} (which exist) that this user may not update. */
  List<TableId> withoutUpdate(Collection<TableId> sequences) throws SQLException {
    return whereTrue(
        sequences,
        "NOT pg_catalog.has_sequence_privilege(pg_catalog.format('%I.%I', w.s, w.t), 'UPDATE')");
  }

  /**
   * The relations among {@code ids} for which {@code condition}, a fixed SQL expression over the
   * schema {@code w.s} and name {@code w.t}, holds; in name order.
   */
  private List<TableId> whereTrue(Collection<TableId> ids, String condition) throws SQLException {
    List<TableId> found = new ArrayList<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT w.s, w.t"
                + " FROM ROWS FROM (pg_catalog.unnest(?::text[]), pg_catalog.unnest(?::text[]))"
                + " AS w(s, t)"
                + " WHERE "
                + condition
                + " ORDER BY 1, 2")) {
      bindIds(ps, ids);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(new TableId(rs.getString(1), rs.getString(2)));
        }
      }
    }
    return found;
  }

  /** The sequence that feeds {@code column} of {@code table} (serial or identity), or null. */
  TableId sequenceOf(TableId table, String column) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT n.nspname, c.relname FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.oid = pg_catalog.pg_get_serial_sequence(?, ?)::regclass")) {
      ps.setString(1, table.sql());
      // The column name is taken literally, unlike the table name.
      ps.setString(2, column);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new TableId(rs.getString(1), rs.getString(2)) : null;
      }
    }
  }

  /**
   * The {@code NOT VALID} check constraints and foreign keys defined on {@code table} itself (not
   * inherited): COPY would check restored rows against them, though the source kept rows that
   * violate them.
   */
  List<TargetState.NotValid> notValidConstraints(TableId table) throws SQLException {
    List<TargetState.NotValid> found = new ArrayList<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT k.conname, pg_catalog.pg_get_constraintdef(k.oid)"
                + " FROM pg_catalog.pg_constraint k"
                + " WHERE k.conrelid = ?::regclass AND NOT k.convalidated"
                + " AND k.contype IN ('c', 'f') AND k.conislocal AND k.coninhcount = 0"
                + " AND k.conparentid = 0"
                // ONLY cannot add a check back to a table with children; leave those to COPY.
                + " AND NOT EXISTS (SELECT FROM pg_catalog.pg_inherits i"
                + "                 WHERE i.inhparent = k.conrelid)"
                + " ORDER BY k.conname")) {
      ps.setString(1, table.sql());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(new TargetState.NotValid(table, rs.getString(1), rs.getString(2)));
        }
      }
    }
    return found;
  }

  private void bindIds(PreparedStatement ps, Collection<TableId> ids) throws SQLException {
    Array schemas = connection.createArrayOf("text", ids.stream().map(TableId::schema).toArray());
    Array names = connection.createArrayOf("text", ids.stream().map(TableId::name).toArray());
    ps.setArray(1, schemas);
    ps.setArray(2, names);
  }
}
