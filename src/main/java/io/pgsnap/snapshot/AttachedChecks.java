package io.pgsnap.snapshot;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.AclItem;
import io.pgsnap.catalog.Attached;
import io.pgsnap.catalog.Attached.ColumnSettings;
import io.pgsnap.catalog.Attached.NamedComment;
import io.pgsnap.catalog.Attached.Policy;
import io.pgsnap.catalog.Attached.Rule;
import io.pgsnap.catalog.Attached.Trigger;
import io.pgsnap.catalog.Identifiers;
import io.pgsnap.catalog.RelOption;
import io.pgsnap.catalog.TableId;
import java.util.List;

/**
 * The gate for what the manifest records as attached to a table ({@link Attached}): a restore turns
 * it into SQL, so before anything connects every definition must be one statement of its kind on
 * its own object, every policy expression an expression, every {@code aclitem} and storage
 * parameter well-formed and every role and object name non-empty.
 */
final class AttachedChecks {
  private static final String TAMPERED = "; the snapshot was tampered with or damaged";

  private AttachedChecks() {}

  /**
   * Checks the attached objects of {@code table}.
   *
   * @throws PgsnapException {@link ErrorCode#INTEGRITY} naming the first entry that does not fit
   */
  static void check(ManifestTable table) {
    TableId id = table.id();
    Attached a = table.attached();
    if (a.owner() != null) {
      role(id, "the owner", a.owner());
    }
    acl(id, "the table's privilege", a.acl());
    text(id, "the table's comment", a.comment());
    for (String option : a.options()) {
      try {
        RelOption.parse(option);
      } catch (IllegalArgumentException e) {
        throw refused(id, "storage parameter " + option + " " + e.getMessage());
      }
    }
    if (a.replicaIdentity().index() != null) {
      name(id, "the replica identity index", a.replicaIdentity().index());
    }
    for (Trigger t : a.triggers()) {
      String what = "trigger " + Identifiers.display(t.name());
      name(id, what, t.name());
      try {
        AttachedDefinitions.checkTrigger(t.definition(), t.name(), id);
      } catch (IllegalArgumentException e) {
        throw refused(id, what + " " + e.getMessage());
      }
    }
    for (Rule r : a.rules()) {
      String what = "rule " + Identifiers.display(r.name());
      name(id, what, r.name());
      try {
        AttachedDefinitions.checkRule(r.definition(), r.name(), id);
      } catch (IllegalArgumentException e) {
        throw refused(id, what + " " + e.getMessage());
      }
    }
    for (Policy p : a.rowSecurity().policies()) {
      policy(id, p);
    }
    for (ColumnSettings c : a.columns()) {
      String what = "column " + Identifiers.display(c.name());
      name(id, what, c.name());
      acl(id, what + "'s privilege", c.acl());
      text(id, what + "'s comment", c.comment());
    }
    comments(id, "constraint", a.constraintComments());
    comments(id, "index", a.indexComments());
  }

  private static void policy(TableId id, Policy p) {
    String what = "policy " + Identifiers.display(p.name());
    name(id, what, p.name());
    if (p.roles().isEmpty()) {
      throw refused(id, what + " applies to no role");
    }
    for (String role : p.roles()) {
      role(id, what, role);
    }
    for (String expression : new String[] {p.using(), p.withCheck()}) {
      if (expression == null) {
        continue;
      }
      try {
        AttachedDefinitions.checkExpression(expression);
      } catch (IllegalArgumentException e) {
        throw refused(id, what + " has an expression that " + e.getMessage());
      }
    }
  }

  private static void acl(TableId id, String what, List<String> acl) {
    if (acl == null) {
      return;
    }
    for (String item : acl) {
      try {
        AclItem parsed = AclItem.parse(item);
        if (parsed.grantee() != null) {
          role(id, what, parsed.grantee());
        }
      } catch (IllegalArgumentException e) {
        throw refused(id, what + " " + item + " " + e.getMessage());
      }
    }
  }

  private static void comments(TableId id, String kind, List<NamedComment> comments) {
    for (NamedComment c : comments) {
      String what = "comment on " + kind + " " + Identifiers.display(c.name());
      name(id, what, c.name());
      text(id, what, c.comment());
    }
  }

  private static void role(TableId id, String what, String role) {
    if (role.isEmpty()) {
      throw refused(id, what + " names an empty role");
    }
    text(id, what, role);
  }

  private static void name(TableId id, String what, String name) {
    if (name.isEmpty()) {
      throw refused(id, what + " has an empty name");
    }
    text(id, what, name);
  }

  /** Literals and identifiers cannot hold a NUL character. */
  private static void text(TableId id, String what, String text) {
    if (text != null && text.indexOf('\0') >= 0) {
      throw refused(id, what + " holds a NUL character");
    }
  }

  private static PgsnapException refused(TableId id, String problem) {
    return new PgsnapException(
        ErrorCode.INTEGRITY,
        "the manifest's attached objects of " + id.display() + ": " + problem + TAMPERED);
  }
}
