package io.pgsnap.restore;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.AclItem;
import io.pgsnap.catalog.Identifiers;
import io.pgsnap.catalog.UsedObject;
import io.pgsnap.snapshot.DdlStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Owners and privileges of the objects the define phase created, as pg_dump sets them: {@code ALTER
 * ... OWNER TO}, then, for an object whose privileges were changed, {@code REVOKE ALL} from {@code
 * PUBLIC} and the owner and a {@code GRANT} per privilege. A role the target lacks is left out with
 * a warning: the object stays owned by the restoring role, and a grant to a missing role only
 * narrows access. {@code --no-owner} and {@code --no-privileges} leave them out as pg_restore does.
 * Extensions keep the owner {@code CREATE EXTENSION} gives them; collations have no privileges.
 */
final class DefinitionOwnership {
  private static final String CURRENT_USER = "CURRENT_USER";

  private DefinitionOwnership() {}

  /** Every role the created objects name as owner or grantee, for one look-up in the target. */
  static List<String> roles(List<UsedObject> created) {
    List<String> roles = new ArrayList<>();
    for (UsedObject o : created) {
      if (o.owner() != null) {
        roles.add(o.owner());
      }
      List<String> acl = o.acl();
      for (String item : acl == null ? List.<String>of() : acl) {
        AclItem a = AclItem.parse(item, AclItem.OBJECT_LETTERS);
        if (a.grantee() != null) {
          roles.add(a.grantee());
        }
      }
    }
    return roles;
  }

  /**
   * The statements for {@code created}.
   *
   * @param missingRoles the roles the target lacks
   * @param notes receives a warning for each statement left out for a missing role
   */
  static List<PlannedStatement> statements(
      List<UsedObject> created,
      boolean noOwner,
      boolean noPrivileges,
      Set<String> missingRoles,
      List<String> notes) {
    List<PlannedStatement> statements = new ArrayList<>();
    for (UsedObject o : created) {
      String target = target(o);
      if (target == null) {
        continue;
      }
      String what = DefinitionStatements.describe(o);
      String owner = CURRENT_USER;
      if (o.owner() != null && !noOwner) {
        if (missingRoles.contains(o.owner())) {
          refuseSecurityDefiner(o, what);
          notes.add(
              "warning: the owner of "
                  + what
                  + ", role "
                  + Identifiers.display(o.owner())
                  + ", does not exist in the target: it stays owned by the restoring role");
        } else {
          owner = Identifiers.quote(o.owner());
          statements.add(statement("ALTER " + target + " OWNER TO " + owner, "owner of " + what));
        }
      }
      if (!noPrivileges && hasAcl(o)) {
        statements.addAll(privileges(o, target, what, owner, missingRoles, notes));
      }
    }
    return statements;
  }

  private static List<PlannedStatement> privileges(
      UsedObject o,
      String target,
      String what,
      String owner,
      Set<String> missingRoles,
      List<String> notes) {
    List<PlannedStatement> statements = new ArrayList<>();
    statements.add(statement("REVOKE ALL ON " + target + " FROM PUBLIC", "privileges of " + what));
    statements.add(
        statement("REVOKE ALL ON " + target + " FROM " + owner, "privileges of " + what));
    for (String item : o.acl()) {
      AclItem a = AclItem.parse(item, AclItem.OBJECT_LETTERS);
      String grantee;
      if (a.grantee() == null) {
        grantee = "PUBLIC";
      } else if (a.grantee().equals(o.owner())) {
        grantee = owner;
      } else if (missingRoles.contains(a.grantee())) {
        notes.add(
            "warning: "
                + what
                + " grants to role "
                + Identifiers.display(a.grantee())
                + ", which does not exist in the target: that grant is left out");
        continue;
      } else {
        grantee = Identifiers.quote(a.grantee());
      }
      for (boolean grantOption : new boolean[] {false, true}) {
        List<String> keywords = a.keywords(grantOption);
        if (!keywords.isEmpty()) {
          statements.add(
              statement(
                  "GRANT "
                      + String.join(", ", keywords)
                      + " ON "
                      + target
                      + " TO "
                      + grantee
                      + (grantOption ? " WITH GRANT OPTION" : ""),
                  "privileges of " + what));
        }
      }
    }
    return statements;
  }

  /**
   * A {@code SECURITY DEFINER} function runs with its owner's privileges: left to the restoring
   * role (often a superuser) instead of a role the target lacks, it would hand those privileges to
   * whoever may call it. Only {@code --no-owner} says the user wants that.
   */
  private static void refuseSecurityDefiner(UsedObject o, String what) {
    if (o instanceof UsedObject.Function f && DdlStatement.securityDefiner(f)) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          what
              + " is SECURITY DEFINER and its owner, role "
              + Identifiers.display(o.owner())
              + ", does not exist in the target: owned by the restoring role it would run with"
              + " that role's privileges for whoever calls it. Create the role first (CREATE ROLE"
              + " name), or restore with --no-owner to accept that");
    }
  }

  private static PlannedStatement statement(String sql, String what) {
    return new PlannedStatement(
        sql,
        "setting the " + what,
        "Setting an owner needs membership in the new owning role, and a grant the grant option:"
            + " run the restore as a superuser or that role, or pass --no-owner / --no-privileges");
  }

  /** How {@code ALTER}, {@code GRANT} and {@code REVOKE} name the object; null for extensions. */
  private static String target(UsedObject o) {
    if (o instanceof UsedObject.Schema s) {
      return "SCHEMA " + Identifiers.quote(s.name());
    } else if (o instanceof UsedObject.Collation c) {
      return "COLLATION " + c.id().sql();
    } else if (o instanceof UsedObject.EnumType e) {
      return "TYPE " + e.id().sql();
    } else if (o instanceof UsedObject.CompositeType c) {
      return "TYPE " + c.id().sql();
    } else if (o instanceof UsedObject.RangeType r) {
      return "TYPE " + r.id().sql();
    } else if (o instanceof UsedObject.Domain d) {
      return "DOMAIN " + d.id().sql();
    } else if (o instanceof UsedObject.Function f) {
      return (f.procedure() ? "PROCEDURE " : "FUNCTION ")
          + f.id().sql()
          + "("
          + f.arguments()
          + ")";
    }
    return null;
  }

  private static boolean hasAcl(UsedObject o) {
    return !(o instanceof UsedObject.Collation) && o.acl() != null && target(o) != null;
  }
}
