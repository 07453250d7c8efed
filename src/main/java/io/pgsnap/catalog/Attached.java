package io.pgsnap.catalog;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What is attached to one table besides its columns, constraints and indexes: owner, privileges,
 * comments, storage parameters, replica identity, row-level security with its policies, triggers,
 * rules and per-column settings. Every definition is kept as the server prints it ({@code
 * pg_get_triggerdef}, {@code pg_get_ruledef}, {@code pg_get_expr}, {@code aclitem} text), so a
 * restore can recreate it and a comparison can match it against a live catalog text for text.
 *
 * <p>Lists are never null, but possibly empty. {@link #NONE} stands for "nothing recorded", which
 * is what a manifest older than format version 3 holds.
 *
 * @param owner the table owner's role name; {@code null} only in {@link #NONE}
 * @param acl the table's privileges as {@code aclitem} texts ({@code alice=arw/owner}), in catalog
 *     order; {@code null} when the table has its default privileges (never granted or revoked),
 *     which differs from an empty list (every privilege revoked, even the owner's)
 * @param comment the table's comment, or {@code null}
 * @param options the storage parameters ({@code reloptions}) as {@code name=value} texts, e.g.
 *     {@code fillfactor=70}
 * @param replicaIdentity what logical replication records of old rows
 * @param rowSecurity whether row-level security is enabled and forced, and its policies
 * @param triggers the user triggers (not internal ones such as those behind foreign keys), by name
 * @param rules the rewrite rules, by name
 * @param columns the columns that have privileges, a comment, a statistics target or a storage
 *     other than their type's default, in attribute order; other columns are not listed
 * @param constraintComments comments on the table's constraints, by constraint name
 * @param indexComments comments on the table's indexes (constraint indexes included), by name
 */
public record Attached(
    String owner,
    List<String> acl,
    String comment,
    List<String> options,
    ReplicaIdentity replicaIdentity,
    RowSecurity rowSecurity,
    List<Trigger> triggers,
    List<Rule> rules,
    List<ColumnSettings> columns,
    List<NamedComment> constraintComments,
    List<NamedComment> indexComments) {

  /** Nothing recorded: what a manifest before format version 3 reads as. */
  public static final Attached NONE =
      new Attached(
          null,
          null,
          null,
          List.of(),
          ReplicaIdentity.DEFAULT,
          RowSecurity.OFF,
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          List.of());

  public Attached {
    acl = acl == null ? null : List.copyOf(acl);
    options = List.copyOf(options);
    Objects.requireNonNull(replicaIdentity, "replicaIdentity");
    Objects.requireNonNull(rowSecurity, "rowSecurity");
    triggers = List.copyOf(triggers);
    rules = List.copyOf(rules);
    columns = List.copyOf(columns);
    constraintComments = List.copyOf(constraintComments);
    indexComments = List.copyOf(indexComments);
  }

  /**
   * A table's replica identity ({@code relreplident}).
   *
   * @param identity {@code d} (default: the primary key), {@code n} (nothing), {@code f} (full:
   *     every column) or {@code i} (the index named by {@code index})
   * @param index for {@code i}, the name of the index ({@code REPLICA IDENTITY USING INDEX});
   *     {@code null} otherwise
   */
  public record ReplicaIdentity(String identity, String index) {
    // Before DEFAULT: static fields initialise in order, and DEFAULT's constructor reads KINDS.
    private static final Set<String> KINDS = Set.of("d", "n", "f", "i");

    /** {@code REPLICA IDENTITY DEFAULT}, what every new table has. */
    public static final ReplicaIdentity DEFAULT = new ReplicaIdentity("d", null);

    public ReplicaIdentity {
      if (!KINDS.contains(identity)) {
        throw new IllegalArgumentException("replica identity must be d, n, f or i: " + identity);
      }
      if (identity.equals("i") != (index != null)) {
        throw new IllegalArgumentException("an index name goes with replica identity i only");
      }
    }
  }

  /**
   * Row-level security of a table.
   *
   * @param enabled {@code relrowsecurity}: {@code ENABLE ROW LEVEL SECURITY}
   * @param forced {@code relforcerowsecurity}: {@code FORCE ROW LEVEL SECURITY}, which applies the
   *     policies to the table's owner too
   * @param policies every policy on the table, by name (a table may have policies while row
   *     security is disabled; they then have no effect until it is enabled)
   */
  public record RowSecurity(boolean enabled, boolean forced, List<Policy> policies) {
    /** Disabled, not forced, no policies. */
    public static final RowSecurity OFF = new RowSecurity(false, false, List.of());

    public RowSecurity {
      policies = List.copyOf(policies);
    }
  }

  /**
   * A row security policy ({@code pg_policy}).
   *
   * @param name the policy name
   * @param permissive {@code true} for {@code AS PERMISSIVE} (the default), {@code false} for
   *     {@code AS RESTRICTIVE}
   * @param command the command the policy applies to
   * @param roles the roles it applies to, by name, sorted; {@code public} stands for {@code PUBLIC}
   * @param using the {@code USING} expression as {@code pg_get_expr} prints it, or {@code null}
   * @param withCheck the {@code WITH CHECK} expression as {@code pg_get_expr} prints it, or {@code
   *     null}
   */
  public record Policy(
      String name,
      boolean permissive,
      Command command,
      List<String> roles,
      String using,
      String withCheck) {

    public Policy {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(command, "command");
      roles = List.copyOf(roles);
    }

    /** The command a policy applies to ({@code polcmd}). */
    public enum Command {
      ALL,
      SELECT,
      INSERT,
      UPDATE,
      DELETE
    }
  }

  /**
   * A user trigger ({@code pg_trigger}, not {@code tgisinternal}).
   *
   * @param name the trigger name
   * @param definition the {@code CREATE TRIGGER} statement as {@code pg_get_triggerdef(oid, false)}
   *     prints it
   * @param enabled {@code tgenabled}: {@code O} (enabled, fires in origin and local sessions),
   *     {@code D} (disabled), {@code R} ({@code ENABLE REPLICA}) or {@code A} ({@code ENABLE
   *     ALWAYS})
   */
  public record Trigger(String name, String definition, String enabled) {
    private static final Set<String> STATES = Set.of("O", "D", "R", "A");

    public Trigger {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(definition, "definition");
      if (!STATES.contains(enabled)) {
        throw new IllegalArgumentException("trigger state must be O, D, R or A: " + enabled);
      }
    }
  }

  /**
   * A rewrite rule ({@code pg_rewrite}).
   *
   * @param name the rule name
   * @param definition the {@code CREATE RULE} statement as {@code pg_get_ruledef} prints it
   */
  public record Rule(String name, String definition) {
    public Rule {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(definition, "definition");
    }
  }

  /**
   * The settings of one column that are not part of its definition.
   *
   * @param name the column name
   * @param acl the column's privileges as {@code aclitem} texts, or {@code null} when none were
   *     granted
   * @param comment the column's comment, or {@code null}
   * @param statisticsTarget the column's {@code SET STATISTICS} target, or {@code null} when it
   *     uses the default ({@code default_statistics_target})
   * @param storage the column's {@code SET STORAGE}, or {@code null} when it is its type's default
   */
  public record ColumnSettings(
      String name, List<String> acl, String comment, Integer statisticsTarget, Storage storage) {
    public ColumnSettings {
      Objects.requireNonNull(name, "name");
      acl = acl == null ? null : List.copyOf(acl);
    }

    /** A column's storage strategy ({@code attstorage}). */
    public enum Storage {
      /** {@code p}: inline, uncompressed. */
      PLAIN,
      /** {@code e}: out of line, uncompressed. */
      EXTERNAL,
      /** {@code x}: compressed, then out of line. */
      EXTENDED,
      /** {@code m}: compressed, inline where possible. */
      MAIN
    }
  }

  /**
   * A comment on an object of the table that is known by name within it.
   *
   * @param name the constraint's or index's name
   * @param comment the comment
   */
  public record NamedComment(String name, String comment) {
    public NamedComment {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(comment, "comment");
    }
  }
}
