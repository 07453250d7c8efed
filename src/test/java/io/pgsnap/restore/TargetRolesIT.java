package io.pgsnap.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Which roles the target lacks. pg_roles is the same on every major, so this runs once; the
 * across-servers restore tests of attached objects use it on every major.
 */
class TargetRolesIT {
  @OnOneServer
  void namesTheRolesThatDoNotExistComparedExactly(PgServer server) throws SQLException {
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    String present = "pgsnap_present_" + suffix;
    try (TestDatabase db = server.createDatabase()) {
      db.execute("CREATE ROLE " + present);
      try (Connection c = db.dataSource().getConnection()) {
        Set<String> missing =
            new TargetRoles(c)
                .missing(
                    List.of(
                        present,
                        present.toUpperCase(),
                        "pgsnap_absent_" + suffix,
                        "pgsnap_absent_" + suffix,
                        server.superuser(),
                        "public"));

        assertEquals(
            List.of(present.toUpperCase(), "pgsnap_absent_" + suffix), List.copyOf(missing));
      } finally {
        db.execute("DROP ROLE " + present);
      }
    }
  }

  @OnOneServer
  void publicIsNeverMissing(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase();
        Connection c = db.dataSource().getConnection()) {
      assertEquals(Set.of(), new TargetRoles(c).missing(List.of("public")));
    }
  }
}
