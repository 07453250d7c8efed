package io.pgsnap.restore;

import static io.pgsnap.testsupport.SampleManifests.column;
import static io.pgsnap.testsupport.SampleManifests.table;
import static io.pgsnap.testsupport.SampleManifests.withAttached;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.Attached;
import io.pgsnap.catalog.Attached.ColumnSettings;
import io.pgsnap.catalog.Attached.ColumnSettings.Storage;
import io.pgsnap.catalog.Attached.NamedComment;
import io.pgsnap.catalog.Attached.Policy;
import io.pgsnap.catalog.Attached.Policy.Command;
import io.pgsnap.catalog.Attached.ReplicaIdentity;
import io.pgsnap.catalog.Attached.RowSecurity;
import io.pgsnap.catalog.Attached.Rule;
import io.pgsnap.catalog.Attached.Trigger;
import io.pgsnap.catalog.TableId;
import io.pgsnap.restore.AttachedPlanner.Created;
import io.pgsnap.restore.AttachedPlanner.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The statements that recreate what is attached to a created table, and what a missing role does.
 */
class AttachedPlannerTest {
  private static final TableId ORDERS = new TableId("shop", "orders");
  private static final Settings ON_17 = new Settings(false, false, 17);
  private static final String T = "\"shop\".\"orders\"";

  private static Attached attached(
      List<String> acl, RowSecurity rowSecurity, List<ColumnSettings> columns) {
    return new Attached(
        "boss",
        acl,
        "It's orders",
        List.of("fillfactor=70"),
        new ReplicaIdentity("i", "orders_code_key"),
        rowSecurity,
        List.of(
            new Trigger(
                "audit",
                "CREATE TRIGGER audit AFTER INSERT ON shop.orders FOR EACH ROW EXECUTE FUNCTION"
                    + " shop.audit()",
                "D")),
        List.of(
            new Rule(
                "no_delete",
                "CREATE RULE no_delete AS\n    ON DELETE TO shop.orders DO INSTEAD NOTHING;")),
        columns,
        List.of(new NamedComment("orders_pkey", "Numbered")),
        List.of(new NamedComment("orders_code_key", "Codes")));
  }

  private static Policy permissive(String... roles) {
    return new Policy("mine", true, Command.SELECT, List.of(roles), "(note <> 'x'::text)", null);
  }

  private static Policy restrictive(String... roles) {
    return new Policy("only_positive", false, Command.ALL, List.of(roles), "(id > 0)", "(id < 9)");
  }

  private static Created created(Attached a, TableId target, Map<String, String> names) {
    return new Created(
        withAttached(table("shop", "orders", 1, "0".repeat(64), column("id", "integer")), a),
        target,
        names);
  }

  private static List<String> sql(
      Created c, Settings settings, Set<String> missing, List<String> notes) {
    return AttachedPlanner.plan(List.of(c), settings, missing, notes).stream()
        .map(PlannedStatement::sql)
        .toList();
  }

  @Test
  void everyAttachedObjectBecomesItsStatementInPgRestoresOrder() {
    Attached a =
        attached(
            List.of("boss=arwdDxtm/boss", "clerk=r*w/boss", "=r/boss"),
            new RowSecurity(true, true, List.of(permissive("clerk"), restrictive("public"))),
            List.of(
                new ColumnSettings("id", null, "Number", 500, null),
                new ColumnSettings("note", List.of("clerk=w/boss"), null, null, Storage.EXTERNAL)));
    List<String> notes = new ArrayList<>();

    assertEquals(
        List.of(
            "ALTER TABLE ONLY " + T + " ALTER COLUMN \"id\" SET STATISTICS 500",
            "ALTER TABLE ONLY " + T + " ALTER COLUMN \"note\" SET STORAGE EXTERNAL",
            "ALTER TABLE " + T + " SET (\"fillfactor\" = '70')",
            "ALTER TABLE ONLY " + T + " REPLICA IDENTITY USING INDEX \"orders_code_key\"",
            "CREATE TRIGGER audit AFTER INSERT ON shop.orders FOR EACH ROW EXECUTE FUNCTION"
                + " shop.audit()",
            "ALTER TABLE ONLY " + T + " DISABLE TRIGGER \"audit\"",
            "CREATE RULE no_delete AS\n    ON DELETE TO shop.orders DO INSTEAD NOTHING",
            "ALTER TABLE ONLY " + T + " ENABLE ROW LEVEL SECURITY",
            "ALTER TABLE ONLY " + T + " FORCE ROW LEVEL SECURITY",
            "CREATE POLICY \"mine\" ON "
                + T
                + " AS PERMISSIVE FOR SELECT TO \"clerk\" USING ((note <> 'x'::text))",
            "CREATE POLICY \"only_positive\" ON "
                + T
                + " AS RESTRICTIVE FOR ALL TO PUBLIC USING ((id > 0)) WITH CHECK ((id < 9))",
            "COMMENT ON TABLE " + T + " IS 'It''s orders'",
            "COMMENT ON COLUMN " + T + ".\"id\" IS 'Number'",
            "COMMENT ON CONSTRAINT \"orders_pkey\" ON " + T + " IS 'Numbered'",
            "COMMENT ON INDEX \"shop\".\"orders_code_key\" IS 'Codes'",
            "REVOKE ALL ON TABLE " + T + " FROM PUBLIC",
            "REVOKE ALL ON TABLE " + T + " FROM CURRENT_USER",
            "GRANT INSERT, SELECT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER, MAINTAIN ON TABLE "
                + T
                + " TO \"boss\"",
            "GRANT UPDATE ON TABLE " + T + " TO \"clerk\"",
            "GRANT SELECT ON TABLE " + T + " TO \"clerk\" WITH GRANT OPTION",
            "GRANT SELECT ON TABLE " + T + " TO PUBLIC",
            "GRANT UPDATE (\"note\") ON TABLE " + T + " TO \"clerk\"",
            "ALTER TABLE " + T + " OWNER TO \"boss\""),
        sql(created(a, ORDERS, Map.of()), ON_17, Set.of(), notes));
    assertEquals(List.of(), notes);
  }

  @Test
  void aNullAclGrantsAndRevokesNothing() {
    Attached a = attached(null, RowSecurity.OFF, List.of());

    List<String> sql = sql(created(a, ORDERS, Map.of()), ON_17, Set.of(), new ArrayList<>());

    assertTrue(
        sql.stream().noneMatch(s -> s.startsWith("GRANT") || s.startsWith("REVOKE")),
        sql::toString);
  }

  @Test
  void aGrantToAMissingRoleIsLeftOutWithAWarning() {
    Attached a = attached(List.of("boss=r/boss", "gone=r/boss"), RowSecurity.OFF, List.of());
    List<String> notes = new ArrayList<>();

    List<String> sql = sql(created(a, ORDERS, Map.of()), ON_17, Set.of("gone"), notes);

    assertTrue(sql.contains("GRANT SELECT ON TABLE " + T + " TO \"boss\""));
    assertTrue(sql.stream().noneMatch(s -> s.contains("gone")), sql::toString);
    assertEquals(
        List.of(
            "roles the target database lacks: gone; the statements that need them are left out"
                + " (see the warnings), create them first to restore those too",
            "warning: the privileges of gone on shop.orders are left out: the target database"
                + " lacks the role"),
        notes);
  }

  @Test
  void aPermissivePolicyNarrowsToTheRolesThatExist() {
    Attached a =
        attached(
            null, new RowSecurity(true, false, List.of(permissive("clerk", "gone"))), List.of());
    List<String> notes = new ArrayList<>();

    List<String> sql = sql(created(a, ORDERS, Map.of()), ON_17, Set.of("gone"), notes);

    assertTrue(
        sql.contains(
            "CREATE POLICY \"mine\" ON "
                + T
                + " AS PERMISSIVE FOR SELECT TO \"clerk\" USING ((note <> 'x'::text))"),
        sql::toString);
    assertEquals(
        "warning: policy mine of shop.orders leaves out role gone, which the target database"
            + " lacks",
        notes.get(1));
  }

  @Test
  void aPermissivePolicyOfMissingRolesOnlyIsLeftOutButRowSecurityStays() {
    Attached a =
        attached(null, new RowSecurity(true, true, List.of(permissive("gone"))), List.of());
    List<String> notes = new ArrayList<>();

    List<String> sql = sql(created(a, ORDERS, Map.of()), ON_17, Set.of("gone"), notes);

    assertTrue(sql.contains("ALTER TABLE ONLY " + T + " ENABLE ROW LEVEL SECURITY"));
    assertTrue(sql.contains("ALTER TABLE ONLY " + T + " FORCE ROW LEVEL SECURITY"));
    assertTrue(sql.stream().noneMatch(s -> s.startsWith("CREATE POLICY")), sql::toString);
    assertEquals(
        "warning: policy mine of shop.orders is left out: it applies only to role gone, which"
            + " the target database lacks",
        notes.get(1));
  }

  @Test
  void aRestrictivePolicyOfAMissingRoleIsRefused() {
    Attached a =
        attached(null, new RowSecurity(true, false, List.of(restrictive("gone"))), List.of());

    PgsnapException e =
        assertThrows(
            PgsnapException.class,
            () -> sql(created(a, ORDERS, Map.of()), ON_17, Set.of("gone"), new ArrayList<>()));

    assertEquals(ErrorCode.USAGE, e.code());
    assertEquals(
        "restrictive policy only_positive of shop.orders applies to role gone, which the target"
            + " database lacks. Leaving a restrictive policy out would widen access: create the"
            + " roles first (CREATE ROLE name), then restore again",
        e.getMessage());
  }

  @Test
  void aMissingOwnerLeavesTheTableToTheRestoringRoleWithTheOwnersPrivileges() {
    Attached a = attached(List.of("boss=arwd/boss"), RowSecurity.OFF, List.of());
    List<String> notes = new ArrayList<>();

    List<String> sql = sql(created(a, ORDERS, Map.of()), ON_17, Set.of("boss"), notes);

    assertTrue(
        sql.contains("GRANT INSERT, SELECT, UPDATE, DELETE ON TABLE " + T + " TO CURRENT_USER"));
    assertTrue(sql.stream().noneMatch(s -> s.contains("OWNER TO")), sql::toString);
    assertEquals(
        "warning: shop.orders stays owned by the restoring role: its owner boss does not exist in"
            + " the target database",
        notes.get(1));
  }

  @Test
  void noOwnerSetsNoOwnerAndNoPrivilegesGrantsNothing() {
    Attached a = attached(List.of("boss=r/boss", "clerk=r/boss"), RowSecurity.OFF, List.of());

    List<String> noOwner =
        sql(
            created(a, ORDERS, Map.of()),
            new Settings(true, false, 17),
            Set.of(),
            new ArrayList<>());
    List<String> noPrivileges =
        sql(
            created(a, ORDERS, Map.of()),
            new Settings(false, true, 17),
            Set.of(),
            new ArrayList<>());

    assertTrue(noOwner.contains("GRANT SELECT ON TABLE " + T + " TO CURRENT_USER"));
    assertTrue(noOwner.stream().noneMatch(s -> s.contains("OWNER TO")), noOwner::toString);
    assertTrue(
        noPrivileges.stream().noneMatch(s -> s.startsWith("GRANT") || s.startsWith("REVOKE")),
        noPrivileges::toString);
    assertEquals(
        "ALTER TABLE " + T + " OWNER TO \"boss\"", noPrivileges.get(noPrivileges.size() - 1));
  }

  @Test
  void maintainIsLeftOutBelowPostgres17() {
    Attached a = attached(List.of("boss=rm/boss"), RowSecurity.OFF, List.of());
    List<String> notes = new ArrayList<>();

    List<String> sql =
        sql(created(a, ORDERS, Map.of()), new Settings(false, false, 16), Set.of(), notes);

    assertTrue(sql.contains("GRANT SELECT ON TABLE " + T + " TO \"boss\""), sql::toString);
    assertEquals(
        List.of(
            "the MAINTAIN privilege on shop.orders is left out: PostgreSQL 16 has no such"
                + " privilege"),
        notes);
  }

  @Test
  void aRenamedTableGetsItsTriggersRulesCommentsAndIdentityUnderItsNewNames() {
    TableId copy = new TableId("shop", "orders_copy");
    Attached a = attached(null, RowSecurity.OFF, List.of());
    String c = "\"shop\".\"orders_copy\"";

    List<String> sql =
        sql(
            created(
                a,
                copy,
                Map.of(
                    "orders_pkey", "orders_copy_pkey", "orders_code_key", "orders_copy_code_key")),
            ON_17,
            Set.of(),
            new ArrayList<>());

    assertTrue(
        sql.contains(
            "ALTER TABLE ONLY " + c + " REPLICA IDENTITY USING INDEX \"orders_copy_code_key\""));
    assertTrue(
        sql.contains(
            "CREATE TRIGGER audit AFTER INSERT ON "
                + c
                + " FOR EACH ROW EXECUTE FUNCTION shop.audit()"),
        sql::toString);
    assertTrue(
        sql.contains("CREATE RULE no_delete AS\n    ON DELETE TO " + c + " DO INSTEAD NOTHING"));
    assertTrue(
        sql.contains("COMMENT ON CONSTRAINT \"orders_copy_pkey\" ON " + c + " IS 'Numbered'"));
    assertTrue(sql.contains("COMMENT ON INDEX \"shop\".\"orders_copy_code_key\" IS 'Codes'"));
  }
}
