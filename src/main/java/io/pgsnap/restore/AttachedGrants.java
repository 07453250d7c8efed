package io.pgsnap.restore;

import io.pgsnap.catalog.AclItem;
import io.pgsnap.catalog.Attached;
import io.pgsnap.catalog.Attached.ColumnSettings;
import io.pgsnap.catalog.Identifiers;
import io.pgsnap.catalog.TableId;
import io.pgsnap.restore.AttachedPlanner.Created;
import io.pgsnap.restore.AttachedPlanner.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The privileges of one created table, as pg_dump restores them: when the snapshot recorded an ACL,
 * the defaults are revoked first, so that the grants alone make it up. A grant to a role the target
 * lacks is left out, which only narrows access; the original owner's own privileges go to the
 * restoring role when that role keeps the table ({@code --no-owner}, or the owner is missing).
 */
final class AttachedGrants {
  /** The privilege PostgreSQL 17 added; older servers know no {@code GRANT MAINTAIN}. */
  private static final String MAINTAIN = "MAINTAIN";

  private final Created c;
  private final Settings settings;
  private final Set<String> missing;
  private final List<String> notes;

  AttachedGrants(Created c, Settings settings, Set<String> missing, List<String> notes) {
    this.c = c;
    this.settings = settings;
    this.missing = missing;
    this.notes = notes;
  }

  /** The REVOKE and GRANT statements, in the order they run. */
  List<PlannedStatement> statements() {
    Attached a = c.attached();
    TableId t = c.target();
    List<PlannedStatement> statements = new ArrayList<>();
    if (a.acl() != null) {
      AttachedSql.revokeDefaults(t)
          .forEach(sql -> statements.add(statement(sql, "revoking the default privileges on")));
      for (String item : a.acl()) {
        statements.addAll(grant(null, AclItem.parse(item)));
      }
    }
    for (ColumnSettings col : a.columns()) {
      if (col.acl() != null) {
        for (String item : col.acl()) {
          statements.addAll(grant(col.name(), AclItem.parse(item)));
        }
      }
    }
    return statements;
  }

  private List<PlannedStatement> grant(String column, AclItem item) {
    TableId t = c.target();
    String owner = c.attached().owner();
    List<PlannedStatement> statements = new ArrayList<>();
    String grantee;
    if (item.grantee() != null && item.grantee().equals(owner) && !ownerSet(owner)) {
      // The restoring role owns the table in the original owner's place, with its privileges.
      grantee = AttachedSql.CURRENT_USER;
    } else if (item.grantee() != null && missing.contains(item.grantee())) {
      notes.add(
          AttachedPlanner.WARNING
              + "the privileges of "
              + Identifiers.display(item.grantee())
              + " on "
              + t.display()
              + (column == null ? "" : " (column " + Identifiers.display(column) + ")")
              + " are left out: the target database lacks the role");
      return statements;
    } else {
      grantee = AttachedSql.role(item.grantee());
    }
    if (owner != null && !item.grantor().equals(owner)) {
      notes.add(
          "privileges on "
              + t.display()
              + " that "
              + Identifiers.display(item.grantor())
              + " granted are granted by the table's owner instead");
    }
    for (boolean grantOption : new boolean[] {false, true}) {
      List<String> privileges = new ArrayList<>(item.keywords(grantOption));
      if (settings.targetMajor() < 17 && privileges.remove(MAINTAIN)) {
        notes.add(
            "the MAINTAIN privilege on "
                + t.display()
                + " is left out: PostgreSQL "
                + settings.targetMajor()
                + " has no such privilege");
      }
      if (!privileges.isEmpty()) {
        statements.add(
            statement(
                AttachedSql.grant(t, column, privileges, grantee, grantOption),
                "granting privileges on"));
      }
    }
    return statements;
  }

  /** Whether the restore gives the table to {@code owner} (it exists and --no-owner is off). */
  private boolean ownerSet(String owner) {
    return owner != null && !settings.noOwner() && !missing.contains(owner);
  }

  private PlannedStatement statement(String sql, String doing) {
    return new PlannedStatement(sql, doing + " " + c.target().display(), null);
  }
}
