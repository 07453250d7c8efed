package io.pgsnap.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CatalogDescription}, the yardstick of {@code restore.EmptyDatabaseRestoreIT}, on every
 * major: it describes two databases made by the same script alike, so the acceptance test's
 * equality is no accident of OIDs or creation order, and it sees each kind of difference a restore
 * could leave, so that equality means something.
 */
class CatalogDescriptionIT {
  static final String EDGE_CASES = "/restore/empty-database/edge-cases.sql";
  static final String SAKILA = "/restore/empty-database/sakila.sql";

  @AcrossServers
  void theEdgeCaseDatabaseMadeTwiceIsDescribedAlike(PgServer server) {
    try (TestDatabase first = server.createDatabase(EDGE_CASES);
        TestDatabase second = server.createDatabase(EDGE_CASES)) {
      assertEquals(CatalogDescription.of(first), CatalogDescription.of(second));
    }
  }

  @AcrossServers
  void theSampleDatabaseMadeTwiceIsDescribedAlike(PgServer server) {
    try (TestDatabase first = server.createDatabase(SAKILA);
        TestDatabase second = server.createDatabase(SAKILA)) {
      assertEquals(CatalogDescription.of(first), CatalogDescription.of(second));
    }
  }

  @AcrossServers
  void aDisabledTriggerIsADifference(PgServer server) {
    assertChangeIsSeen(
        server,
        "ALTER TABLE app.orders DISABLE TRIGGER orders_stamp",
        "  trigger CREATE TRIGGER orders_stamp BEFORE UPDATE ON app.orders FOR EACH ROW"
            + " EXECUTE FUNCTION app.stamp() enabled O\n",
        "  trigger CREATE TRIGGER orders_stamp BEFORE UPDATE ON app.orders FOR EACH ROW"
            + " EXECUTE FUNCTION app.stamp() enabled D\n");
  }

  @AcrossServers
  void rowSecurityNoLongerForcedIsADifference(PgServer server) {
    assertChangeIsSeen(
        server,
        "ALTER TABLE app.customers NO FORCE ROW LEVEL SECURITY",
        "  row level security enabled, forced\n",
        "  row level security enabled\n");
  }

  @AcrossServers
  void aPolicyForOneRoleLessIsADifference(PgServer server) {
    assertChangeIsSeen(
        server,
        "ALTER POLICY clerk_updates ON app.customers TO pgsnap_edb_clerk",
        "  policy clerk_updates permissive for update to pgsnap_edb_clerk, pgsnap_edb_reader"
            + " using true with check (mood <> 'sad'::app.mood)\n",
        "  policy clerk_updates permissive for update to pgsnap_edb_clerk"
            + " using true with check (mood <> 'sad'::app.mood)\n");
  }

  @AcrossServers
  void aRevokedColumnGrantIsADifference(PgServer server) {
    assertChangeIsSeen(
        server,
        "REVOKE UPDATE (region) ON app.customers FROM pgsnap_edb_clerk",
        " statistics 500 acl pgsnap_edb_clerk=w/pgsnap_edb_owner\n",
        " statistics 500\n");
  }

  @AcrossServers
  void anotherEnumLabelIsADifference(PgServer server) {
    assertChangeIsSeen(
        server,
        "ALTER TYPE app.mood RENAME VALUE 'ecstatic' TO 'elated'",
        "  enum ('sad', 'meh', 'ok', 'happy', 'ecstatic')\n",
        "  enum ('sad', 'meh', 'ok', 'happy', 'elated')\n");
  }

  @AcrossServers
  void anotherFunctionBodyIsADifference(PgServer server) {
    assertChangeIsSeen(
        server,
        "CREATE OR REPLACE FUNCTION app.default_region() RETURNS text LANGUAGE sql IMMUTABLE"
            + " AS $$ SELECT 'south'::text $$",
        "SELECT 'north'::text",
        "SELECT 'south'::text");
  }

  @AcrossServers
  void aDroppedCommentIsADifference(PgServer server) {
    assertChangeIsSeen(
        server,
        "COMMENT ON INDEX app.customers_normalized_name IS NULL",
        " comment 'One customer per name'\n",
        "\n");
  }

  @AcrossServers
  void anotherReplicaIdentityIsADifference(PgServer server) {
    assertChangeIsSeen(
        server,
        "ALTER TABLE app.customers REPLICA IDENTITY FULL",
        "  replica identity using index app.customers_email_key\n",
        "  replica identity full\n");
  }

  /**
   * Changing {@code alteration} in one of two edge-case databases changes its description exactly
   * where {@code before} (which must occur once) becomes {@code after}.
   */
  private static void assertChangeIsSeen(
      PgServer server, String alteration, String before, String after) {
    try (TestDatabase unchanged = server.createDatabase(EDGE_CASES);
        TestDatabase changed = server.createDatabase(EDGE_CASES)) {
      changed.execute(alteration);
      String expected = CatalogDescription.of(unchanged);
      int at = expected.indexOf(before);
      assertTrue(
          at >= 0 && at == expected.lastIndexOf(before), () -> before + " once in\n" + expected);
      assertEquals(
          expected.substring(0, at) + after + expected.substring(at + before.length()),
          CatalogDescription.of(changed));
    }
  }
}
