package io.pgsnap.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgsnap.catalog.Attached;
import io.pgsnap.catalog.Attached.Policy;
import io.pgsnap.catalog.Attached.ReplicaIdentity;
import io.pgsnap.catalog.Attached.RowSecurity;
import io.pgsnap.catalog.Attached.Trigger;
import io.pgsnap.verify.Comparison.Difference;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a comparison reports what is attached to a table: one line per changed object. */
class AttachedDriftTest {
  private static final String AUDIT =
      "CREATE TRIGGER audit AFTER INSERT ON public.orders FOR EACH ROW EXECUTE FUNCTION"
          + " public.audit()";
  private static final Policy OWN_ROWS =
      new Policy(
          "own_rows",
          true,
          Policy.Command.SELECT,
          List.of("clerk"),
          "(owner = CURRENT_USER)",
          null);

  private static Attached attached(
      List<String> acl, RowSecurity rowSecurity, List<Trigger> triggers) {
    return new Attached(
        "owner",
        acl,
        null,
        List.of(),
        ReplicaIdentity.DEFAULT,
        rowSecurity,
        triggers,
        List.of(),
        List.of(),
        List.of(),
        List.of());
  }

  private static final Attached BASE =
      attached(
          List.of("owner=arwdDxt/owner"),
          new RowSecurity(true, false, List.of(OWN_ROWS)),
          List.of(new Trigger("audit", AUDIT, "O")));

  @Test
  void theSameAttachedObjectsDoNotDiffer() {
    assertEquals(Optional.empty(), Differences.attached(BASE, BASE));
  }

  @Test
  void aDisabledTriggerIsAChangedLine() {
    Attached disabled =
        attached(BASE.acl(), BASE.rowSecurity(), List.of(new Trigger("audit", AUDIT, "D")));

    assertEquals(
        Optional.of(
            new Difference(
                Difference.Kind.ATTACHED,
                "attached objects differ",
                List.of(
                    "- trigger audit (enabled): " + AUDIT,
                    "+ trigger audit (disabled): " + AUDIT))),
        Differences.attached(BASE, disabled));
  }

  @Test
  void aDroppedPolicyAndDisabledRowSecurityAreTwoLines() {
    Attached open = attached(BASE.acl(), RowSecurity.OFF, BASE.triggers());

    assertEquals(
        List.of(
            "- row level security enabled",
            "- policy own_rows: permissive for select to clerk using ((owner = CURRENT_USER))",
            "+ row level security disabled"),
        Differences.attached(BASE, open).orElseThrow().details());
  }

  @Test
  void anAddedGrantShowsTheTablesPrivilegesOnBothSides() {
    Attached granted =
        attached(
            List.of("owner=arwdDxt/owner", "clerk=r/owner"), BASE.rowSecurity(), BASE.triggers());

    assertEquals(
        List.of(
            "- privileges owner=arwdDxt/owner", "+ privileges owner=arwdDxt/owner clerk=r/owner"),
        Differences.attached(BASE, granted).orElseThrow().details());
  }

  @Test
  void aSideThatRecordedNothingIsNotCompared() {
    assertEquals(Optional.empty(), Differences.attached(Attached.NONE, BASE));
  }
}
