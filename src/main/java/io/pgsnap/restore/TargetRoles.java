package io.pgsnap.restore;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which roles a snapshot names (as owner, grantee, grantor or policy role) the target cluster
 * lacks. One set-based query per call, so a plan asks once for every role it needs.
 */
public final class TargetRoles {
  /**
   * How {@code pg_policy} and the manifest write {@code PUBLIC}; no role can have this name ({@code
   * CREATE ROLE public} is refused), so it is never missing.
   */
  public static final String PUBLIC = "public";

  private final Connection connection;

  /**
   * @param connection a connection to the target; roles are cluster-wide, so any database of the
   *     cluster answers the same
   */
  public TargetRoles(Connection connection) {
    this.connection = connection;
  }

  /**
   * The roles among {@code names} that do not exist in the target, compared exactly (role names are
   * case-sensitive), sorted by code point. {@link #PUBLIC} is never missing.
   *
   * @param names role names as the catalog stores them; duplicates are fine
   * @return the missing names, empty when every role exists (and without a query when {@code names}
   *     holds nothing but {@code public})
   */
  public Set<String> missing(Collection<String> names) throws SQLException {
    Set<String> wanted = new TreeSet<>(names);
    wanted.remove(PUBLIC);
    if (wanted.isEmpty()) {
      return Set.of();
    }
    Set<String> missing = new TreeSet<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT w.name FROM pg_catalog.unnest(?::text[]) AS w(name)"
                + " WHERE NOT EXISTS"
                + " (SELECT FROM pg_catalog.pg_roles r WHERE r.rolname = w.name)"
                + " ORDER BY 1")) {
      Array array = connection.createArrayOf("text", wanted.toArray());
      try {
        ps.setArray(1, array);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            missing.add(rs.getString(1));
          }
        }
      } finally {
        array.free();
      }
    }
    return Collections.unmodifiableSet(missing);
  }
}
