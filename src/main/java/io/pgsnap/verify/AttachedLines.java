package io.pgsnap.verify;

import io.pgsnap.catalog.Attached;
import io.pgsnap.catalog.Attached.ColumnSettings;
import io.pgsnap.catalog.Attached.NamedComment;
import io.pgsnap.catalog.Attached.Policy;
import io.pgsnap.catalog.Attached.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What is attached to a table as lines that read on their own, one object or setting each, so that
 * a {@link LineDiff} of two tables' lines names each trigger, policy, grant or comment that was
 * added, removed or changed. Definitions are shown as the server printed them.
 */
final class AttachedLines {
  private AttachedLines() {}

  /** {@code attached} as lines, in a fixed order: table settings first, then each kind by name. */
  static List<String> of(Attached attached) {
    List<String> lines = new ArrayList<>();
    lines.add("owner " + attached.owner());
    lines.add("privileges " + privileges(attached.acl()));
    if (attached.comment() != null) {
      lines.add("comment " + text(attached.comment()));
    }
    attached.options().forEach(o -> lines.add("option " + o));
    lines.add("replica identity " + replicaIdentity(attached.replicaIdentity()));
    lines.add(
        "row level security "
            + (attached.rowSecurity().enabled() ? "enabled" : "disabled")
            + (attached.rowSecurity().forced() ? ", forced" : ""));
    attached.rowSecurity().policies().forEach(p -> lines.add(policy(p)));
    attached.triggers().forEach(t -> lines.add(trigger(t)));
    attached.rules().forEach(r -> lines.add("rule " + r.name() + ": " + flat(r.definition())));
    for (ColumnSettings c : attached.columns()) {
      String column = "column " + c.name() + " ";
      if (c.acl() != null) {
        lines.add(column + "privileges " + privileges(c.acl()));
      }
      if (c.comment() != null) {
        lines.add(column + "comment " + text(c.comment()));
      }
      if (c.statisticsTarget() != null) {
        lines.add(column + "statistics " + c.statisticsTarget());
      }
      if (c.storage() != null) {
        lines.add(column + "storage " + c.storage().name().toLowerCase(Locale.ROOT));
      }
    }
    for (NamedComment c : attached.constraintComments()) {
      lines.add("constraint " + c.name() + " comment " + text(c.comment()));
    }
    for (NamedComment c : attached.indexComments()) {
      lines.add("index " + c.name() + " comment " + text(c.comment()));
    }
    return lines;
  }

  private static String privileges(List<String> acl) {
    return acl == null ? "default" : acl.isEmpty() ? "none" : String.join(" ", acl);
  }

  private static String replicaIdentity(Attached.ReplicaIdentity identity) {
    return switch (identity.identity()) {
      case "n" -> "nothing";
      case "f" -> "full";
      case "i" -> "using index " + identity.index();
      default -> "default";
    };
  }

  private static String policy(Policy p) {
    return "policy "
        + p.name()
        + ": "
        + (p.permissive() ? "permissive" : "restrictive")
        + " for "
        + p.command().name().toLowerCase(Locale.ROOT)
        + " to "
        + String.join(", ", p.roles())
        + (p.using() == null ? "" : " using (" + flat(p.using()) + ")")
        + (p.withCheck() == null ? "" : " with check (" + flat(p.withCheck()) + ")");
  }

  private static String trigger(Trigger t) {
    String state =
        switch (t.enabled()) {
          case "D" -> "disabled";
          case "R" -> "enabled replica";
          case "A" -> "enabled always";
          default -> "enabled";
        };
    return "trigger " + t.name() + " (" + state + "): " + flat(t.definition());
  }

  /** A comment as a quoted literal on one line. */
  private static String text(String comment) {
    return "'" + comment.replace("'", "''").replace("\n", "\\n") + "'";
  }

  /** A server-printed definition on one line. */
  private static String flat(String definition) {
    return definition.strip().replaceAll("\\s*\n\\s*", " ");
  }
}
