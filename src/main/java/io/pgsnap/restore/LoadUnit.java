package io.pgsnap.restore;

import io.pgsnap.RestorePlan.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One transaction of a parallel restore: a whole table, one part of a table stored in parts, or the
 * finish of such a table once all its parts are in (its constraints, indexes and content check).
 * Parts load side by side only into a table the restore created, which no one else writes to and
 * whose triggers are not yet there; into an existing table they load one after the other in the
 * table's one transaction, which keeps its emptiness check and trigger switching.
 *
 * @param load the table's load
 * @param stage what this transaction does
 * @param part the part's index (from 0) for {@link Stage#PART}, else -1
 */
record LoadUnit(TableLoad load, Stage stage, int part) {
  /** What a unit does. */
  enum Stage {
    /** The whole table: every file, its constraints and indexes, in one transaction. */
    WHOLE,
    /** One part file of a table the restore created. */
    PART,
    /** The table's constraints, indexes and content check, after all its parts. */
    FINISH
  }

  LoadUnit {
    Objects.requireNonNull(load, "load");
    Objects.requireNonNull(stage, "stage");
  }

  /** The units that load {@code load}. */
  static List<LoadUnit> of(TableLoad load) {
    boolean sideBySide =
        load.entry().isSplit()
            && load.step().action() == Action.CREATE
            && load.disableTriggers().isEmpty()
            && load.enableTriggers().isEmpty();
    if (!sideBySide) {
      return List.of(new LoadUnit(load, Stage.WHOLE, -1));
    }
    List<LoadUnit> units = new ArrayList<>();
    for (int i = 0; i < load.entry().parts().size(); i++) {
      units.add(new LoadUnit(load, Stage.PART, i));
    }
    units.add(new LoadUnit(load, Stage.FINISH, -1));
    return units;
  }

  /** How much this unit loads, to start the largest first. */
  long rawBytes() {
    return switch (stage) {
      case WHOLE -> load.step().rawBytes();
      case PART -> load.entry().parts().get(part).rawBytes();
      case FINISH -> 0;
    };
  }

  /**
   * What finishing this unit completes: the table for the unit that ends its load, which tables
   * referencing it wait for; the unit itself for a part, which the table's finish waits for.
   */
  Object completes() {
    return stage == Stage.PART ? this : load.step().target();
  }

  /** What must complete before this unit starts; {@code units} are every unit of the restore. */
  Set<Object> waitsFor(List<LoadUnit> units) {
    if (stage != Stage.FINISH) {
      return Set.copyOf(load.references());
    }
    return Set.copyOf(units.stream().filter(u -> u.stage == Stage.PART && u.load == load).toList());
  }
}
