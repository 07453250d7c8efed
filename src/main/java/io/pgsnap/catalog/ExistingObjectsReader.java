package io.pgsnap.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads, from a database a restore goes into, the objects of the same names as a snapshot's used
 * objects, with the queries the export used ({@code UsedObjectDetails}), so that a restore can tell
 * an identical object from a different one by comparing records.
 *
 * <p>The caller owns the connection and its transaction and has set {@code search_path} to the
 * empty string, as for {@link CatalogReader}.
 */
public final class ExistingObjectsReader {
  private final Connection connection;

  public ExistingObjectsReader(Connection connection) {
    this.connection = Objects.requireNonNull(connection, "connection");
  }

  /**
   * What the database holds under the names of {@code wanted}.
   *
   * @param found the database's definition of each object that exists, by {@link #key} of the
   *     wanted object
   * @param otherKind the keys of wanted objects whose name the database uses for an object of
   *     another kind (a table's row type or a base type where an enum is wanted, ...)
   */
  public record Existing(Map<String, UsedObject> found, List<String> otherKind) {
    public Existing {
      found = Map.copyOf(found);
      otherKind = List.copyOf(otherKind);
    }
  }

  /**
   * The name under which a used object is looked up: types share one name space, so an enum and a
   * domain of the same name are the same key.
   */
  public static String key(UsedObject object) {
    return switch (object.kind()) {
      case EXTENSION -> "extension " + object.displayName();
      case SCHEMA -> "schema " + object.displayName();
      case COLLATION -> "collation " + object.displayName();
      case ENUM, DOMAIN, COMPOSITE, RANGE -> "type " + object.displayName();
      case FUNCTION -> "function " + object.displayName();
    };
  }

  public Existing read(List<UsedObject> wanted) throws SQLException {
    UsedObjectDetails details = new UsedObjectDetails(connection);
    Map<String, UsedObject> found = new HashMap<>();
    List<String> otherKind = new ArrayList<>();
    Lookup schemas = lookup(wanted, UsedObject.Kind.SCHEMA);
    collect(
        details.schemas(
            oids(
                "SELECT n.oid, n.nspname FROM pg_catalog.pg_namespace n"
                    + " WHERE n.nspname = ANY (?::pg_catalog.text[])",
                schemas.names(o -> o.displayName()),
                null,
                schemas)),
        schemas,
        found,
        otherKind);
    Lookup extensions = lookup(wanted, UsedObject.Kind.EXTENSION);
    collect(
        details.extensions(
            oids(
                "SELECT e.oid, e.extname FROM pg_catalog.pg_extension e"
                    + " WHERE e.extname = ANY (?::pg_catalog.text[])",
                extensions.names(o -> o.displayName()),
                null,
                extensions)),
        extensions,
        found,
        otherKind);
    Lookup collations = lookup(wanted, UsedObject.Kind.COLLATION);
    collect(
        details.collations(qualified("pg_collation", "collname", "collnamespace", collations)),
        collations,
        found,
        otherKind);
    Lookup types =
        lookup(
            wanted,
            UsedObject.Kind.ENUM,
            UsedObject.Kind.DOMAIN,
            UsedObject.Kind.COMPOSITE,
            UsedObject.Kind.RANGE);
    collect(
        details.types(qualified("pg_type", "typname", "typnamespace", types)),
        types,
        found,
        otherKind);
    Lookup functions = lookup(wanted, UsedObject.Kind.FUNCTION);
    collect(details.functions(functionOids(functions)), functions, found, otherKind);
    return new Existing(found, otherKind);
  }

  /** The wanted objects of some kinds, and the OIDs found for them, by key. */
  private record Lookup(List<UsedObject> objects, Map<Long, String> keysByOid) {
    List<String> names(java.util.function.Function<UsedObject, String> name) {
      return objects.stream().map(name).toList();
    }
  }

  private static Lookup lookup(List<UsedObject> wanted, UsedObject.Kind... kinds) {
    List<UsedObject.Kind> accepted = List.of(kinds);
    return new Lookup(
        wanted.stream().filter(o -> accepted.contains(o.kind())).toList(), new HashMap<>());
  }

  private static void collect(
      Map<Long, UsedObject> read,
      Lookup lookup,
      Map<String, UsedObject> found,
      List<String> otherKind) {
    lookup
        .keysByOid()
        .forEach(
            (oid, key) -> {
              UsedObject o = read.get(oid);
              if (o == null) {
                otherKind.add(key);
              } else {
                found.put(key, o);
              }
            });
  }

  /**
   * The OIDs {@code sql} finds for the wanted objects of {@code lookup}, each recorded there under
   * its object's key. {@code sql} takes {@code names} (and {@code more}, when not null) as text
   * arrays and returns the OID and either the name or the schema and the name.
   */
  private List<Long> oids(String sql, List<String> names, List<String> more, Lookup lookup)
      throws SQLException {
    if (names.isEmpty()) {
      return List.of();
    }
    List<Long> result = new ArrayList<>();
    Map<String, String> keyByName = new HashMap<>();
    lookup.objects().forEach(o -> keyByName.put(o.displayName(), key(o)));
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setString(1, CatalogQueries.textArray(names));
      if (more != null) {
        ps.setString(2, CatalogQueries.textArray(more));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String name =
              rs.getMetaData().getColumnCount() > 2
                  ? new TableId(rs.getString(2), rs.getString(3)).toString()
                  : rs.getString(2);
          String key = keyByName.get(name);
          if (key != null) {
            result.add(rs.getLong(1));
            lookup.keysByOid().put(rs.getLong(1), key);
          }
        }
      }
    }
    return result;
  }

  private List<Long> qualified(String catalog, String nameColumn, String namespaceColumn, Lookup l)
      throws SQLException {
    String sql =
        "SELECT o.oid, n.nspname, o."
            + nameColumn
            + " FROM pg_catalog."
            + catalog
            + " o JOIN pg_catalog.pg_namespace n ON n.oid = o."
            + namespaceColumn
            + " JOIN ROWS FROM (pg_catalog.unnest(?::pg_catalog.text[]), pg_catalog.unnest(?::pg_catalog.text[])) AS w(s, name)"
            + " ON w.s = n.nspname AND w.name = o."
            + nameColumn;
    return oids(sql, l.names(o -> id(o).schema()), l.names(o -> id(o).name()), l);
  }

  private List<Long> functionOids(Lookup l) throws SQLException {
    if (l.objects().isEmpty()) {
      return List.of();
    }
    String sql =
        """
        SELECT p.oid, n.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid)
        FROM pg_catalog.pg_proc p
        JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
        JOIN ROWS FROM (pg_catalog.unnest(?::pg_catalog.text[]), pg_catalog.unnest(?::pg_catalog.text[])) AS w(s, name)
          ON w.s = n.nspname AND w.name = p.proname
        """;
    Map<String, String> keyByName = new HashMap<>();
    l.objects().forEach(o -> keyByName.put(o.displayName(), key(o)));
    List<Long> result = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setString(1, CatalogQueries.textArray(l.names(o -> id(o).schema())));
      ps.setString(2, CatalogQueries.textArray(l.names(o -> id(o).name())));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String name = new TableId(rs.getString(2), rs.getString(3)) + "(" + rs.getString(4) + ")";
          String key = keyByName.get(name);
          if (key != null) {
            result.add(rs.getLong(1));
            l.keysByOid().put(rs.getLong(1), key);
          }
        }
      }
    }
    return result;
  }

  private static TableId id(UsedObject o) {
    if (o instanceof UsedObject.Collation c) {
      return c.id();
    } else if (o instanceof UsedObject.EnumType e) {
      return e.id();
    } else if (o instanceof UsedObject.Domain d) {
      return d.id();
    } else if (o instanceof UsedObject.CompositeType c) {
      return c.id();
    } else if (o instanceof UsedObject.RangeType r) {
      return r.id();
    } else if (o instanceof UsedObject.Function f) {
      return f.id();
    }
    throw new IllegalArgumentException(o.kind() + " has no schema-qualified name");
  }
}
