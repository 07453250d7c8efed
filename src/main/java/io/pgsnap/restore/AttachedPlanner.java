package io.pgsnap.restore;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.RestoreOptions;
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
import io.pgsnap.snapshot.AttachedDefinitions;
import io.pgsnap.snapshot.ManifestTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plans what {@code --create} attaches to the tables it creates, after their data, in pg_restore's
 * order: column settings, storage parameters, replica identity, triggers in their state, rules, row
 * security and policies, comments, grants; then every owner. A statement that needs a role the
 * target lacks is left out with a warning when that can only narrow access (a grant, a role of a
 * permissive policy, an owner); a restrictive policy on such a role is refused, since leaving it
 * out would widen access. Row security itself is never left out.
 */
final class AttachedPlanner {
  /** The privilege PostgreSQL 17 added; older servers know no {@code GRANT MAINTAIN}. */
  private static final String MAINTAIN = "MAINTAIN";

  /**
   * One created table.
   *
   * @param source the snapshot's table
   * @param target the table created
   * @param relationNames the target's names of the source's indexes and index-backed constraints
   *     where a renamed restore changed them; names not listed are kept
   */
  record Created(ManifestTable source, TableId target, Map<String, String> relationNames) {
    Created {
      relationNames = Map.copyOf(relationNames);
    }

    String relation(String name) {
      return relationNames.getOrDefault(name, name);
    }
  }

  /**
   * How to plan.
   *
   * @param noOwner {@code --no-owner}
   * @param noPrivileges {@code --no-privileges}
   * @param targetMajor the target server's major version
   */
  record Settings(boolean noOwner, boolean noPrivileges, int targetMajor) {}

  private final Settings settings;
  private final Set<String> missing;
  private final List<String> notes;
  private final List<String> refusals = new ArrayList<>();
  private final List<PlannedStatement> statements = new ArrayList<>();

  private AttachedPlanner(Settings settings, Set<String> missing, List<String> notes) {
    this.settings = settings;
    this.missing = missing;
    this.notes = notes;
  }

  /**
   * Plans what is attached to the tables {@code creation} creates, asking the target once which
   * roles it lacks.
   *
   * @param notes receives the roles the target lacks and every statement left out
   */
  static List<PlannedStatement> forCreated(
      Connection connection,
      CreationPlanner.Creation creation,
      Map<TableId, Selection.Chosen> byTarget,
      RestoreOptions options,
      List<String> notes)
      throws SQLException {
    List<Created> created =
        creation.order().stream()
            .map(
                t ->
                    new Created(
                        byTarget.get(t).table(), t, creation.scripts().get(t).relationNames()))
            .toList();
    if (created.isEmpty()) {
      return List.of();
    }
    Settings settings =
        new Settings(
            options.noOwner(),
            options.noPrivileges(),
            connection.getMetaData().getDatabaseMajorVersion());
    Set<String> missing = new TargetRoles(connection).missing(roles(created, settings));
    return plan(created, settings, missing, notes);
  }

  /**
   * The roles the attached objects of {@code created} name, as far as the restore will use them.
   */
  static Set<String> roles(Collection<Created> created, Settings settings) {
    Set<String> roles = new TreeSet<>();
    for (Created c : created) {
      Attached a = c.source().attached();
      if (a.owner() != null && !settings.noOwner()) {
        roles.add(a.owner());
      }
      if (!settings.noPrivileges()) {
        grantees(a.acl(), roles);
        a.columns().forEach(col -> grantees(col.acl(), roles));
      }
      a.rowSecurity().policies().forEach(p -> roles.addAll(p.roles()));
    }
    roles.remove(TargetRoles.PUBLIC);
    return roles;
  }

  private static void grantees(List<String> acl, Set<String> roles) {
    if (acl != null) {
      acl.stream()
          .map(AclItem::parse)
          .filter(i -> i.grantee() != null)
          .forEach(i -> roles.add(i.grantee()));
    }
  }

  /**
   * The statements for {@code created}, in the order they run.
   *
   * @param missing the roles among {@link #roles} that the target lacks
   * @param notes receives the roles the target lacks and every statement left out
   * @throws PgsnapException {@link ErrorCode#USAGE} when a restrictive policy applies to a role the
   *     target lacks
   */
  static List<PlannedStatement> plan(
      List<Created> created, Settings settings, Set<String> missing, List<String> notes) {
    AttachedPlanner planner = new AttachedPlanner(settings, missing, notes);
    if (!missing.isEmpty()) {
      notes.add(
          "roles the target database lacks: "
              + String.join(", ", missing.stream().map(Identifiers::display).toList())
              + "; the statements that need them are left out (see the warnings), create them"
              + " first to restore those too");
    }
    created.forEach(planner::attach);
    created.forEach(planner::owner);
    if (!planner.refusals.isEmpty()) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          String.join("; ", planner.refusals)
              + ". Leaving a restrictive policy out would widen access: create the roles first"
              + " (CREATE ROLE name), then restore again");
    }
    return List.copyOf(planner.statements);
  }

  private void attach(Created c) {
    Attached a = c.source().attached();
    TableId t = c.target();
    for (ColumnSettings col : a.columns()) {
      if (col.statisticsTarget() != null) {
        add(
            AttachedSql.statistics(t, col.name(), col.statisticsTarget()),
            "setting a column of",
            t);
      }
      if (col.storage() != null) {
        add(AttachedSql.storage(t, col.name(), col.storage()), "setting a column of", t);
      }
    }
    if (!a.options().isEmpty()) {
      add(
          AttachedSql.options(t, a.options().stream().map(RelOption::parse).toList()),
          "setting the storage parameters of",
          t);
    }
    if (!a.replicaIdentity().identity().equals("d")) {
      String index =
          a.replicaIdentity().index() == null ? null : c.relation(a.replicaIdentity().index());
      add(
          AttachedSql.replicaIdentity(t, a.replicaIdentity(), index),
          "setting the replica identity of",
          t);
    }
    for (Trigger trigger : a.triggers()) {
      add(triggerSql(c, trigger), "creating a trigger of", t);
      String state = AttachedSql.triggerState(t, trigger.name(), trigger.enabled());
      if (state != null) {
        add(state, "setting the state of a trigger of", t);
      }
    }
    for (Rule rule : a.rules()) {
      add(ruleSql(c, rule), "creating a rule of", t);
    }
    if (a.rowSecurity().enabled()) {
      add(AttachedSql.enableRowSecurity(t), "enabling row security on", t);
    }
    if (a.rowSecurity().forced()) {
      add(AttachedSql.forceRowSecurity(t), "forcing row security on", t);
    }
    a.rowSecurity().policies().forEach(p -> policy(c, p));
    comments(c);
    if (!settings.noPrivileges()) {
      grants(c);
    }
  }

  private String triggerSql(Created c, Trigger trigger) {
    TableId from = c.source().id();
    if (from.equals(c.target())) {
      return trigger.definition();
    }
    AttachedDefinitions.Retargeted r =
        AttachedDefinitions.retargetTrigger(trigger.definition(), trigger.name(), from, c.target());
    if (r.namesOldTableElsewhere()) {
      notes.add(
          "trigger "
              + Identifiers.display(trigger.name())
              + " of "
              + c.target().display()
              + " still names "
              + from.display()
              + " inside its definition, which pgsnap leaves as it is");
    }
    AttachedDefinitions.checkTrigger(r.sql(), trigger.name(), c.target());
    return r.sql();
  }

  private String ruleSql(Created c, Rule rule) {
    TableId from = c.source().id();
    String definition = AttachedDefinitions.withoutFinalSemicolon(rule.definition());
    if (from.equals(c.target())) {
      return definition;
    }
    AttachedDefinitions.Retargeted r =
        AttachedDefinitions.retargetRule(definition, rule.name(), from, c.target());
    if (r.namesOldTableElsewhere()) {
      notes.add(
          "rule "
              + Identifiers.display(rule.name())
              + " of "
              + c.target().display()
              + " still names "
              + from.display()
              + " in its action, which pgsnap leaves as it is: check it before relying on it");
    }
    AttachedDefinitions.checkRule(r.sql(), rule.name(), c.target());
    return r.sql();
  }

  private void policy(Created c, Policy p) {
    TableId t = c.target();
    List<String> absent = p.roles().stream().filter(missing::contains).toList();
    String what = "policy " + Identifiers.display(p.name()) + " of " + t.display();
    if (!absent.isEmpty() && !p.permissive()) {
      refusals.add(
          "restrictive "
              + what
              + " applies to "
              + displayRoles(absent)
              + ", which the target database lacks");
      return;
    }
    List<String> roles = p.roles().stream().filter(r -> !missing.contains(r)).toList();
    if (roles.isEmpty()) {
      warn(
          what
              + " is left out: it applies only to "
              + displayRoles(absent)
              + ", which the target database lacks");
      return;
    }
    if (!absent.isEmpty()) {
      warn(what + " leaves out " + displayRoles(absent) + ", which the target database lacks");
    }
    for (String expression : new String[] {p.using(), p.withCheck()}) {
      if (expression != null
          && !c.source().id().equals(t)
          && AttachedDefinitions.names(expression, c.source().id())) {
        notes.add(what + " still names " + c.source().id().display() + " in its expressions");
      }
    }
    add(AttachedSql.policy(t, p, roles), "creating a policy of", t);
  }

  private void comments(Created c) {
    Attached a = c.source().attached();
    TableId t = c.target();
    if (a.comment() != null) {
      add(AttachedSql.commentOnTable(t, a.comment()), "commenting on", t);
    }
    for (ColumnSettings col : a.columns()) {
      if (col.comment() != null) {
        add(AttachedSql.commentOnColumn(t, col.name(), col.comment()), "commenting on", t);
      }
    }
    for (NamedComment k : a.constraintComments()) {
      add(
          AttachedSql.commentOnConstraint(t, c.relation(k.name()), k.comment()),
          "commenting on a constraint of",
          t);
    }
    for (NamedComment i : a.indexComments()) {
      add(
          AttachedSql.commentOnIndex(t, c.relation(i.name()), i.comment()),
          "commenting on an index of",
          t);
    }
  }

  private void grants(Created c) {
    Attached a = c.source().attached();
    TableId t = c.target();
    if (a.acl() != null) {
      AttachedSql.revokeDefaults(t)
          .forEach(sql -> add(sql, "revoking the default privileges on", t));
      for (String item : a.acl()) {
        grant(c, null, AclItem.parse(item));
      }
    }
    for (ColumnSettings col : a.columns()) {
      if (col.acl() != null) {
        for (String item : col.acl()) {
          grant(c, col.name(), AclItem.parse(item));
        }
      }
    }
  }

  private void grant(Created c, String column, AclItem item) {
    TableId t = c.target();
    String owner = c.source().attached().owner();
    String grantee;
    if (item.grantee() != null && item.grantee().equals(owner) && !ownerSet(owner)) {
      // The restoring role owns the table in the original owner's place, with its privileges.
      grantee = AttachedSql.CURRENT_USER;
    } else if (item.grantee() != null && missing.contains(item.grantee())) {
      warn(
          "the privileges of "
              + Identifiers.display(item.grantee())
              + " on "
              + t.display()
              + (column == null ? "" : " (column " + Identifiers.display(column) + ")")
              + " are left out: the target database lacks the role");
      return;
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
        add(
            AttachedSql.grant(t, column, privileges, grantee, grantOption),
            "granting privileges on",
            t);
      }
    }
  }

  /** Whether the restore gives the table to {@code owner} (it exists and --no-owner is off). */
  private boolean ownerSet(String owner) {
    return owner != null && !settings.noOwner() && !missing.contains(owner);
  }

  private void owner(Created c) {
    String owner = c.source().attached().owner();
    if (owner == null || settings.noOwner()) {
      return;
    }
    if (missing.contains(owner)) {
      warn(
          c.target().display()
              + " stays owned by the restoring role: its owner "
              + Identifiers.display(owner)
              + " does not exist in the target database");
      return;
    }
    add(AttachedSql.owner(c.target(), owner), "giving to its owner", c.target());
  }

  private void warn(String message) {
    notes.add("warning: " + message);
  }

  private void add(String sql, String doing, TableId t) {
    statements.add(new PlannedStatement(sql, doing + " " + t.display(), null));
  }

  private static String displayRoles(List<String> roles) {
    return (roles.size() == 1 ? "role " : "roles ")
        + String.join(", ", roles.stream().map(Identifiers::display).toList());
  }
}
