package io.pgsnap.restore;

import io.pgsnap.catalog.Attached.Rule;
import io.pgsnap.catalog.Attached.Trigger;
import io.pgsnap.catalog.Identifiers;
import io.pgsnap.catalog.TableId;
import io.pgsnap.restore.AttachedPlanner.Created;
import io.pgsnap.snapshot.AttachedDefinitions;
import java.util.List;

/**
 * Trigger and rule definitions as a restore runs them: the server's text, pointed at the target
 * table token by token when a renamed restore changes its name, and checked again on the target.
 * Where the definition names the old table elsewhere (a rule's action), it is left as it is and a
 * note says so, rather than guessing what was meant.
 */
final class RetargetedDefinitions {
  private RetargetedDefinitions() {}

  /** The trigger's definition, on the target. */
  static String trigger(Created c, Trigger trigger, List<String> notes) {
    TableId from = c.source();
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

  /** The rule's definition without its final {@code ;}, on the target. */
  static String rule(Created c, Rule rule, List<String> notes) {
    TableId from = c.source();
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
}
