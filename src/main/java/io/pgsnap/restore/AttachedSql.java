package io.pgsnap.restore;

import io.pgsnap.catalog.Attached.ColumnSettings.Storage;
import io.pgsnap.catalog.Attached.Policy;
import io.pgsnap.catalog.Attached.ReplicaIdentity;
import io.pgsnap.catalog.Identifiers;
import io.pgsnap.catalog.RelOption;
import io.pgsnap.catalog.TableId;
import java.util.List;
import java.util.Locale;

/**
 * The statements that recreate what is attached to a table, built from the manifest's structured
 * fields: every identifier quoted, every text a literal. Only policy expressions are embedded as
 * the server printed them, inside parentheses, once the snapshot gate has checked them.
 */
final class AttachedSql {
  /** The grantee {@code PUBLIC}. */
  static final String PUBLIC = "PUBLIC";

  /** The restoring role, which owns the tables it creates until {@code OWNER TO}. */
  static final String CURRENT_USER = "CURRENT_USER";

  private AttachedSql() {}

  /** A role name as SQL: quoted, or {@code PUBLIC} for {@code null} and {@code public}. */
  static String role(String name) {
    return name == null || name.equals(TargetRoles.PUBLIC) ? PUBLIC : Identifiers.quote(name);
  }

  static String statistics(TableId t, String column, int target) {
    return "ALTER TABLE ONLY "
        + t.sql()
        + " ALTER COLUMN "
        + Identifiers.quote(column)
        + " SET STATISTICS "
        + target;
  }

  static String storage(TableId t, String column, Storage storage) {
    return "ALTER TABLE ONLY "
        + t.sql()
        + " ALTER COLUMN "
        + Identifiers.quote(column)
        + " SET STORAGE "
        + storage.name();
  }

  static String options(TableId t, List<RelOption> options) {
    return "ALTER TABLE "
        + t.sql()
        + " SET ("
        + String.join(", ", options.stream().map(RelOption::sql).toList())
        + ")";
  }

  /**
   * {@code REPLICA IDENTITY} of {@code t}; for {@code USING INDEX}, {@code index} is the index's
   * name in the target.
   */
  static String replicaIdentity(TableId t, ReplicaIdentity identity, String index) {
    String what =
        switch (identity.identity()) {
          case "d" -> "DEFAULT";
          case "n" -> "NOTHING";
          case "f" -> "FULL";
          case "i" -> "USING INDEX " + Identifiers.quote(index);
          default -> throw new IllegalArgumentException(identity.identity());
        };
    return "ALTER TABLE ONLY " + t.sql() + " REPLICA IDENTITY " + what;
  }

  /**
   * The statement that puts a trigger in state {@code D}, {@code R} or {@code A}; {@code null} for
   * {@code O}, the state {@code CREATE TRIGGER} leaves it in.
   */
  static String triggerState(TableId t, String trigger, String state) {
    String action =
        switch (state) {
          case "O" -> null;
          case "D" -> "DISABLE TRIGGER ";
          case "R" -> "ENABLE REPLICA TRIGGER ";
          case "A" -> "ENABLE ALWAYS TRIGGER ";
          default -> throw new IllegalArgumentException("trigger state " + state);
        };
    return action == null
        ? null
        : "ALTER TABLE ONLY " + t.sql() + " " + action + Identifiers.quote(trigger);
  }

  static String enableRowSecurity(TableId t) {
    return "ALTER TABLE ONLY " + t.sql() + " ENABLE ROW LEVEL SECURITY";
  }

  static String forceRowSecurity(TableId t) {
    return "ALTER TABLE ONLY " + t.sql() + " FORCE ROW LEVEL SECURITY";
  }

  /** {@code CREATE POLICY} applying to {@code roles} (which may differ from the policy's). */
  static String policy(TableId t, Policy p, List<String> roles) {
    StringBuilder sql =
        new StringBuilder("CREATE POLICY ")
            .append(Identifiers.quote(p.name()))
            .append(" ON ")
            .append(t.sql())
            .append(p.permissive() ? " AS PERMISSIVE" : " AS RESTRICTIVE")
            .append(" FOR ")
            .append(p.command().name())
            .append(" TO ")
            .append(String.join(", ", roles.stream().map(AttachedSql::role).toList()));
    if (p.using() != null) {
      sql.append(" USING (").append(p.using()).append(')');
    }
    if (p.withCheck() != null) {
      sql.append(" WITH CHECK (").append(p.withCheck()).append(')');
    }
    return sql.toString();
  }

  static String commentOnTable(TableId t, String comment) {
    return "COMMENT ON TABLE " + t.sql() + " IS " + Identifiers.literal(comment);
  }

  static String commentOnColumn(TableId t, String column, String comment) {
    return "COMMENT ON COLUMN "
        + t.sql()
        + "."
        + Identifiers.quote(column)
        + " IS "
        + Identifiers.literal(comment);
  }

  static String commentOnConstraint(TableId t, String constraint, String comment) {
    return "COMMENT ON CONSTRAINT "
        + Identifiers.quote(constraint)
        + " ON "
        + t.sql()
        + " IS "
        + Identifiers.literal(comment);
  }

  /** A comment on an index, which lives in its table's schema. */
  static String commentOnIndex(TableId t, String index, String comment) {
    return "COMMENT ON INDEX "
        + new TableId(t.schema(), index).sql()
        + " IS "
        + Identifiers.literal(comment);
  }

  /**
   * Revokes a new table's default privileges from {@code PUBLIC} and from its owner (the restoring
   * role until {@code OWNER TO}), as pg_dump does before the grants of a table whose privileges
   * were changed, so that the grants alone make up its ACL.
   */
  static List<String> revokeDefaults(TableId t) {
    return List.of(
        "REVOKE ALL ON TABLE " + t.sql() + " FROM " + PUBLIC,
        "REVOKE ALL ON TABLE " + t.sql() + " FROM " + CURRENT_USER);
  }

  /**
   * {@code GRANT} of table privileges, or of column privileges when {@code column} is not null.
   *
   * @param privileges SQL keywords, {@code SELECT}
   * @param grantee the grantee as SQL ({@link #role}, {@link #CURRENT_USER})
   */
  static String grant(
      TableId t, String column, List<String> privileges, String grantee, boolean grantOption) {
    String columnList = column == null ? "" : " (" + Identifiers.quote(column) + ")";
    StringBuilder sql = new StringBuilder("GRANT ");
    for (int i = 0; i < privileges.size(); i++) {
      sql.append(i == 0 ? "" : ", ")
          .append(privileges.get(i).toUpperCase(Locale.ROOT))
          .append(columnList);
    }
    sql.append(" ON TABLE ").append(t.sql()).append(" TO ").append(grantee);
    if (grantOption) {
      sql.append(" WITH GRANT OPTION");
    }
    return sql.toString();
  }

  /** {@code OWNER TO}, which carries the sequences the table owns along. */
  static String owner(TableId t, String role) {
    return "ALTER TABLE " + t.sql() + " OWNER TO " + Identifiers.quote(role);
  }
}
