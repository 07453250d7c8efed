package io.pgsnap.snapshot;

import static io.pgsnap.testsupport.SampleManifests.column;
import static io.pgsnap.testsupport.SampleManifests.table;
import static io.pgsnap.testsupport.SampleManifests.withAttached;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.Attached;
import io.pgsnap.catalog.Attached.ColumnSettings;
import io.pgsnap.catalog.Attached.Policy;
import io.pgsnap.catalog.Attached.Policy.Command;
import io.pgsnap.catalog.Attached.ReplicaIdentity;
import io.pgsnap.catalog.Attached.RowSecurity;
import io.pgsnap.catalog.Attached.Rule;
import io.pgsnap.catalog.Attached.Trigger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate for what a manifest records as attached to a table. */
class AttachedChecksTest {
  private static Attached attached(
      String owner,
      List<String> acl,
      List<String> options,
      RowSecurity rowSecurity,
      List<Trigger> triggers,
      List<Rule> rules,
      List<ColumnSettings> columns) {
    return new Attached(
        owner,
        acl,
        null,
        options,
        ReplicaIdentity.DEFAULT,
        rowSecurity,
        triggers,
        rules,
        columns,
        List.of(),
        List.of());
  }

  private static Attached ok() {
    return attached(
        "boss",
        List.of("boss=arwdDxt/boss", "=r/boss"),
        List.of("fillfactor=70"),
        new RowSecurity(
            true,
            true,
            List.of(new Policy("mine", true, Command.SELECT, List.of("clerk"), "(id > 0)", null))),
        List.of(
            new Trigger(
                "audit",
                "CREATE TRIGGER audit AFTER INSERT ON public.orders FOR EACH ROW EXECUTE FUNCTION"
                    + " public.audit()",
                "D")),
        List.of(
            new Rule(
                "no_delete",
                "CREATE RULE no_delete AS\n    ON DELETE TO public.orders DO INSTEAD NOTHING;")),
        List.of(new ColumnSettings("id", List.of("clerk=w/boss"), "Id", 10, null)));
  }

  private static String refusal(Attached a) {
    PgsnapException e =
        assertThrows(
            PgsnapException.class,
            () ->
                AttachedChecks.check(
                    withAttached(
                        table("public", "orders", 1, "0".repeat(64), column("id", "integer")), a)));
    assertEquals(ErrorCode.INTEGRITY, e.code());
    return e.getMessage();
  }

  @Test
  void whatTheServerPrintsPasses() {
    AttachedChecks.check(
        withAttached(table("public", "orders", 1, "0".repeat(64), column("id", "integer")), ok()));
  }

  @Test
  void aMalformedStorageParameterIsRefusedNamingIt() {
    Attached a = ok();
    Attached tampered =
        attached(
            a.owner(),
            a.acl(),
            List.of("fillfactor) WITH (oids=true"),
            a.rowSecurity(),
            a.triggers(),
            a.rules(),
            a.columns());

    assertEquals(
        "the manifest's attached objects of public.orders: storage parameter fillfactor) WITH"
            + " (oids=true is not name=value with a lower-case parameter name; the snapshot was"
            + " tampered with or damaged",
        refusal(tampered));
  }

  @Test
  void anEmptyOwnerOrPolicyRoleIsRefused() {
    Attached a = ok();

    assertEquals(
        "the manifest's attached objects of public.orders: the owner names an empty role; the"
            + " snapshot was tampered with or damaged",
        refusal(
            attached(
                "", a.acl(), a.options(), a.rowSecurity(), a.triggers(), a.rules(), a.columns())));
    assertEquals(
        "the manifest's attached objects of public.orders: policy mine names an empty role; the"
            + " snapshot was tampered with or damaged",
        refusal(
            attached(
                a.owner(),
                a.acl(),
                a.options(),
                new RowSecurity(
                    true,
                    false,
                    List.of(new Policy("mine", true, Command.ALL, List.of(""), null, null))),
                a.triggers(),
                a.rules(),
                a.columns())));
  }

  @Test
  void aColumnGrantThatDoesNotParseIsRefused() {
    Attached a = ok();

    assertEquals(
        "the manifest's attached objects of public.orders: column id's privilege clerk=w/boss,x"
            + " has text after the grantor; the snapshot was tampered with or damaged",
        refusal(
            attached(
                a.owner(),
                a.acl(),
                a.options(),
                a.rowSecurity(),
                a.triggers(),
                a.rules(),
                List.of(new ColumnSettings("id", List.of("clerk=w/boss,x"), null, null, null)))));
  }

  @Test
  void aRuleOnAnotherTableIsRefused() {
    Attached a = ok();

    assertEquals(
        "the manifest's attached objects of public.orders: rule no_delete does not name"
            + " public.orders after TO as schema.name; the snapshot was tampered with or damaged",
        refusal(
            attached(
                a.owner(),
                a.acl(),
                a.options(),
                a.rowSecurity(),
                a.triggers(),
                List.of(
                    new Rule(
                        "no_delete",
                        "CREATE RULE no_delete AS ON DELETE TO public.other DO INSTEAD NOTHING")),
                a.columns())));
  }
}
