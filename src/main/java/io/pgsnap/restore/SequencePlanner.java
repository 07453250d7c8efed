package io.pgsnap.restore;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.RestorePlan.SequenceReset;
import io.pgsnap.catalog.Identifiers;
import io.pgsnap.catalog.Sequence;
import io.pgsnap.catalog.TableId;
import io.pgsnap.restore.Selection.Chosen;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.ManifestTable;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Which of the snapshot's sequences a restore sets, and to what. */
final class SequencePlanner {

  /**
   * The snapshot's sequences that concern the restored tables.
   *
   * @param owned sequences owned by a column of a restored table
   * @param standalone sequences owned by no column, set only when every table of their schema in
   *     the snapshot is restored where it came from
   * @param sharedIfMissing for a restore beside the original ({@code --into-schema}, {@code
   *     --rename}), the standalone sequences of schemas that hold no table of the snapshot (a
   *     sequence a column default uses, which stays where it was, as shared types do): created and
   *     set when the target lacks them, left alone when it has them
   */
  record Candidates(
      List<Sequence> owned, List<Sequence> standalone, List<Sequence> sharedIfMissing) {
    Candidates {
      owned = List.copyOf(owned);
      standalone = List.copyOf(standalone);
      sharedIfMissing = List.copyOf(sharedIfMissing);
    }

    /** Their names, to read which exist in the target. */
    List<TableId> names() {
      List<TableId> names = new ArrayList<>();
      owned.forEach(s -> names.add(s.id()));
      standalone.forEach(s -> names.add(s.id()));
      sharedIfMissing.forEach(s -> names.add(s.id()));
      return names;
    }
  }

  private SequencePlanner() {}

  static Candidates candidates(Manifest manifest, List<Chosen> chosen) {
    boolean beside = chosen.stream().anyMatch(Chosen::beside);
    // A standalone sequence may feed tables beyond the restored ones: setting it back while other
    // tables of its schema keep their newer rows would hand out used values again.
    // A schema that holds no table of the snapshot (the shared schema of a sequence a default
    // uses) has every one of its tables restored.
    Set<String> leftOutSchemas = new java.util.HashSet<>();
    for (ManifestTable t : manifest.tables()) {
      if (chosen.stream().noneMatch(c -> c.table() == t)) {
        leftOutSchemas.add(t.schema());
      }
    }
    List<Sequence> owned = new ArrayList<>();
    List<Sequence> standalone = new ArrayList<>();
    List<Sequence> sharedIfMissing = new ArrayList<>();
    Set<String> tableSchemas =
        manifest.tables().stream().map(ManifestTable::schema).collect(Collectors.toSet());
    for (Sequence s : manifest.sequences()) {
      if (s.ownedBy() != null) {
        if (chosen.stream().anyMatch(c -> c.table().id().equals(s.ownedBy().table()))) {
          owned.add(s);
        }
      } else if (!beside && !leftOutSchemas.contains(s.id().schema())) {
        standalone.add(s);
      } else if (beside && !tableSchemas.contains(s.id().schema())) {
        sharedIfMissing.add(s);
      }
    }
    return new Candidates(owned, standalone, sharedIfMissing);
  }

  /**
   * The sequences to set, in name order; what cannot be set goes into {@code notes}.
   *
   * @param create whether the restore creates missing objects
   */
  static List<SequenceReset> resets(
      Candidates candidates,
      List<Chosen> chosen,
      TargetState state,
      TargetReader reader,
      boolean create,
      List<String> notes)
      throws SQLException {
    List<SequenceReset> resets = new ArrayList<>();
    Map<TableId, TableId> targets = new LinkedHashMap<>();
    chosen.forEach(c -> targets.put(c.table().id(), c.target()));
    for (Sequence s : candidates.owned()) {
      TableId table = targets.get(s.ownedBy().table());
      String column = s.ownedBy().column();
      if (state.tables().containsKey(table)) {
        TableId sequence = reader.sequenceOf(table, column);
        if (sequence == null) {
          notes.add(
              "column "
                  + Identifiers.display(column)
                  + " of "
                  + table.display()
                  + " has no sequence in the target, so "
                  + s.id().display()
                  + " is not set");
        } else {
          resets.add(new SequenceReset(sequence, table, column, s.lastValue(), s.called(), false));
        }
      } else if (!table.equals(s.ownedBy().table())) {
        resets.add(new SequenceReset(null, table, column, s.lastValue(), s.called(), true));
      } else {
        resets.add(
            new SequenceReset(
                s.id(),
                table,
                column,
                s.lastValue(),
                s.called(),
                !state.existingSequences().contains(s.id())));
      }
    }
    for (Sequence s : candidates.standalone()) {
      boolean exists = state.existingSequences().contains(s.id());
      if (exists || create) {
        resets.add(new SequenceReset(s.id(), null, null, s.lastValue(), s.called(), !exists));
      } else {
        notes.add(
            "sequence "
                + s.id().display()
                + " is missing in the target, so it is not set (--create creates it)");
      }
    }
    for (Sequence s : candidates.sharedIfMissing()) {
      if (create && !state.existingSequences().contains(s.id())) {
        resets.add(new SequenceReset(s.id(), null, null, s.lastValue(), s.called(), true));
      }
    }
    resets.sort(Comparator.comparing(SequenceReset::describe));
    return resets;
  }

  /**
   * Refuses a plan that would set an existing sequence the user may not update: {@code setval}
   * cannot be rolled back, so failing on the second sequence would leave the first one set.
   */
  static void checkPrivileges(List<SequenceReset> resets, TargetReader reader) throws SQLException {
    List<TableId> existing =
        resets.stream()
            .filter(r -> r.sequence() != null && !r.create())
            .map(SequenceReset::sequence)
            .toList();
    List<TableId> denied = existing.isEmpty() ? List.of() : reader.withoutUpdate(existing);
    if (!denied.isEmpty()) {
      throw new PgsnapException(
          ErrorCode.PERMISSION,
          "permission denied: the restore would set sequences it may not change: "
              + TargetChecks.displayAll(denied)
              + ". Setting a sequence needs UPDATE on it, and cannot be rolled back, so nothing"
              + " was changed: grant UPDATE on them, or leave the sequences as they are with"
              + " --no-sequences");
    }
  }
}
