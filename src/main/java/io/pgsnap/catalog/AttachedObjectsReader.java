package io.pgsnap.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads what is attached to tables ({@link Attached}) from {@code pg_catalog}: one set-based query
 * per kind of object, each over the OIDs of all the tables at once, so the number of queries does
 * not grow with the number of tables.
 *
 * <p>As with {@link CatalogReader}, the caller owns the connection and its transaction and has set
 * {@code search_path} to the empty string, so that {@code pg_get_triggerdef}, {@code
 * pg_get_ruledef} and {@code pg_get_expr} print every object they name schema-qualified. The
 * queries change nothing and need no privilege beyond reading the catalog.
 *
 * <p>The queries are the same on PostgreSQL 14 to 18. The one catalog difference they meet is
 * {@code pg_attribute.attstattarget}: up to 16 it is never null and {@code -1} means the default;
 * from 17 it is null for the default. {@code NULLIF(attstattarget, -1)} reads both as null.
 */
final class AttachedObjectsReader {
  private final Connection connection;
  private final CatalogQueries queries;

  AttachedObjectsReader(Connection connection) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.queries = new CatalogQueries(connection);
  }

  /**
   * What is attached to each of the tables.
   *
   * @param tableOids OIDs of ordinary or partitioned tables
   * @return one entry per OID
   */
  Map<Long, Attached> read(Collection<Long> tableOids) throws SQLException {
    Map<Long, Builder> builders = new HashMap<>();
    for (Long oid : tableOids) {
      builders.put(oid, new Builder());
    }
    if (!builders.isEmpty()) {
      String oids = CatalogQueries.oidArray(tableOids);
      readTables(oids, builders);
      readColumns(oids, builders);
      readTriggers(oids, builders);
      readRules(oids, builders);
      readPolicies(oids, builders);
      readComments(oids, builders);
    }
    Map<Long, Attached> result = new HashMap<>();
    builders.forEach((oid, b) -> result.put(oid, b.build()));
    return result;
  }

  private void readTables(String oids, Map<Long, Builder> builders) throws SQLException {
    // relacl::text[] keeps the difference between NULL (default privileges) and {} (all revoked).
    String sql =
        """
        SELECT c.oid, pg_catalog.pg_get_userbyid(c.relowner),
               c.relacl::pg_catalog.text[],
               pg_catalog.obj_description(c.oid, 'pg_class'),
               c.reloptions,
               c.relreplident,
               (SELECT ic.relname
                FROM pg_catalog.pg_index i
                JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
                WHERE i.indrelid = c.oid AND i.indisreplident),
               c.relrowsecurity, c.relforcerowsecurity
        FROM pg_catalog.pg_class c
        WHERE c.oid = ANY (?::pg_catalog.oid[])
        """;
    queries.forEachRow(
        sql,
        oids,
        rs -> {
          Builder b = builders.get(rs.getLong(1));
          b.owner = rs.getString(2);
          b.acl = CatalogQueries.nullableStrings(rs.getArray(3));
          b.comment = rs.getString(4);
          List<String> options = CatalogQueries.nullableStrings(rs.getArray(5));
          b.options = options == null ? List.of() : options;
          String identity = rs.getString(6);
          b.replicaIdentity =
              new Attached.ReplicaIdentity(identity, identity.equals("i") ? rs.getString(7) : null);
          b.rowSecurityEnabled = rs.getBoolean(8);
          b.rowSecurityForced = rs.getBoolean(9);
        });
  }

  private void readColumns(String oids, Map<Long, Builder> builders) throws SQLException {
    // Only columns with something set are listed. A column's storage is recorded where it differs
    // from what its type gives a new column (typstorage), which is what SET STORAGE changes.
    String sql =
        """
        SELECT a.attrelid, a.attname,
               a.attacl::pg_catalog.text[],
               pg_catalog.col_description(a.attrelid, a.attnum),
               NULLIF(a.attstattarget, -1)::pg_catalog.int4,
               CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage END
        FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
        WHERE a.attrelid = ANY (?::pg_catalog.oid[]) AND a.attnum > 0 AND NOT a.attisdropped
          AND (a.attacl IS NOT NULL
               OR pg_catalog.col_description(a.attrelid, a.attnum) IS NOT NULL
               OR NULLIF(a.attstattarget, -1) IS NOT NULL
               OR a.attstorage <> t.typstorage)
        ORDER BY a.attrelid, a.attnum
        """;
    queries.forEachRow(
        sql,
        oids,
        rs -> {
          int target = rs.getInt(5);
          Integer statisticsTarget = rs.wasNull() ? null : target;
          String storage = rs.getString(6);
          builders
              .get(rs.getLong(1))
              .columns
              .add(
                  new Attached.ColumnSettings(
                      rs.getString(2),
                      CatalogQueries.nullableStrings(rs.getArray(3)),
                      rs.getString(4),
                      statisticsTarget,
                      storage == null ? null : storage(storage)));
        });
  }

  private static Attached.ColumnSettings.Storage storage(String attstorage) {
    return switch (attstorage) {
      case "p" -> Attached.ColumnSettings.Storage.PLAIN;
      case "e" -> Attached.ColumnSettings.Storage.EXTERNAL;
      case "m" -> Attached.ColumnSettings.Storage.MAIN;
      case "x" -> Attached.ColumnSettings.Storage.EXTENDED;
      default -> throw new IllegalStateException("unknown attstorage " + attstorage);
    };
  }

  private void readTriggers(String oids, Map<Long, Builder> builders) throws SQLException {
    // Internal triggers (foreign keys, deferred unique checks) come back with their constraint;
    // tgparentid marks clones on partitions, which come back with the trigger they copy.
    String sql =
        """
        SELECT tg.tgrelid, tg.tgname, pg_catalog.pg_get_triggerdef(tg.oid, false),
               tg.tgenabled
        FROM pg_catalog.pg_trigger tg
        WHERE tg.tgrelid = ANY (?::pg_catalog.oid[])
          AND NOT tg.tgisinternal
          AND tg.tgparentid = 0
        ORDER BY tg.tgrelid, tg.tgname
        """;
    queries.forEachRow(
        sql,
        oids,
        rs ->
            builders
                .get(rs.getLong(1))
                .triggers
                .add(new Attached.Trigger(rs.getString(2), rs.getString(3), rs.getString(4))));
  }

  private void readRules(String oids, Map<Long, Builder> builders) throws SQLException {
    // A view's _RETURN rule is the view itself; the tables read here have none, but the filter
    // keeps the query right should views ever be read.
    String sql =
        """
        SELECT r.ev_class, r.rulename, pg_catalog.pg_get_ruledef(r.oid)
        FROM pg_catalog.pg_rewrite r
        WHERE r.ev_class = ANY (?::pg_catalog.oid[])
          AND r.rulename <> '_RETURN'
        ORDER BY r.ev_class, r.rulename
        """;
    queries.forEachRow(
        sql,
        oids,
        rs ->
            builders
                .get(rs.getLong(1))
                .rules
                .add(new Attached.Rule(rs.getString(2), rs.getString(3))));
  }

  private void readPolicies(String oids, Map<Long, Builder> builders) throws SQLException {
    // Role OID 0 in polroles is PUBLIC, which pg_get_userbyid would print as "unknown (OID=0)".
    String sql =
        """
        SELECT p.polrelid, p.polname, p.polpermissive, p.polcmd,
               ARRAY(SELECT CASE WHEN r.oid = 0 THEN 'public'
                                 ELSE pg_catalog.pg_get_userbyid(r.oid)::pg_catalog.text END
                     FROM pg_catalog.unnest(p.polroles) AS r(oid)
                     ORDER BY 1),
               pg_catalog.pg_get_expr(p.polqual, p.polrelid),
               pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid)
        FROM pg_catalog.pg_policy p
        WHERE p.polrelid = ANY (?::pg_catalog.oid[])
        ORDER BY p.polrelid, p.polname
        """;
    queries.forEachRow(
        sql,
        oids,
        rs ->
            builders
                .get(rs.getLong(1))
                .policies
                .add(
                    new Attached.Policy(
                        rs.getString(2),
                        rs.getBoolean(3),
                        command(rs.getString(4)),
                        CatalogQueries.nullableStrings(rs.getArray(5)),
                        rs.getString(6),
                        rs.getString(7))));
  }

  private static Attached.Policy.Command command(String polcmd) {
    return switch (polcmd) {
      case "*" -> Attached.Policy.Command.ALL;
      case "r" -> Attached.Policy.Command.SELECT;
      case "a" -> Attached.Policy.Command.INSERT;
      case "w" -> Attached.Policy.Command.UPDATE;
      case "d" -> Attached.Policy.Command.DELETE;
      default -> throw new IllegalStateException("unknown polcmd " + polcmd);
    };
  }

  private void readComments(String oids, Map<Long, Builder> builders) throws SQLException {
    // Constraints of every kind (PostgreSQL 18's not-null constraints included) and every index,
    // constraint indexes too: a comment on a primary key's index is not the constraint's comment.
    String sql =
        """
        SELECT co.conrelid, 'c', co.conname, ds.description
        FROM pg_catalog.pg_constraint co
        JOIN pg_catalog.pg_description ds
          ON ds.classoid = 'pg_catalog.pg_constraint'::pg_catalog.regclass
         AND ds.objoid = co.oid AND ds.objsubid = 0
        WHERE co.conrelid = ANY (?::pg_catalog.oid[])
        UNION ALL
        SELECT i.indrelid, 'i', ic.relname, ds.description
        FROM pg_catalog.pg_index i
        JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_catalog.pg_description ds
          ON ds.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass
         AND ds.objoid = i.indexrelid AND ds.objsubid = 0
        WHERE i.indrelid = ANY (?::pg_catalog.oid[])
        ORDER BY 1, 2, 3
        """;
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setString(1, oids);
      ps.setString(2, oids);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Builder b = builders.get(rs.getLong(1));
          Attached.NamedComment c = new Attached.NamedComment(rs.getString(3), rs.getString(4));
          (rs.getString(2).equals("c") ? b.constraintComments : b.indexComments).add(c);
        }
      }
    }
  }

  /** Collects one table's attached objects while the queries stream in. */
  private static final class Builder {
    String owner;
    List<String> acl;
    String comment;
    List<String> options = List.of();
    Attached.ReplicaIdentity replicaIdentity = Attached.ReplicaIdentity.DEFAULT;
    boolean rowSecurityEnabled;
    boolean rowSecurityForced;
    final List<Attached.Policy> policies = new ArrayList<>();
    final List<Attached.Trigger> triggers = new ArrayList<>();
    final List<Attached.Rule> rules = new ArrayList<>();
    final List<Attached.ColumnSettings> columns = new ArrayList<>();
    final List<Attached.NamedComment> constraintComments = new ArrayList<>();
    final List<Attached.NamedComment> indexComments = new ArrayList<>();

    Attached build() {
      return new Attached(
          owner,
          acl,
          comment,
          options,
          replicaIdentity,
          new Attached.RowSecurity(rowSecurityEnabled, rowSecurityForced, policies),
          triggers,
          rules,
          columns,
          constraintComments,
          indexComments);
    }
  }
}
