package io.pgsnap.restore;

import io.pgsnap.catalog.Sequence;
import io.pgsnap.catalog.TableId;
import io.pgsnap.snapshot.ManifestTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The {@link CreateScript} of a table restored under its own name: the manifest's DDL as is. */
final class CreateScripts {
  private CreateScripts() {}

  /**
   * The script that recreates {@code table} where it was.
   *
   * @param table the snapshot table
   * @param owned the snapshot's sequences owned by the table's columns
   * @param existingSequences sequences the target already has; a serial sequence that exists is not
   *     created again, and keeps its owner
   */
  static CreateScript verbatim(
      ManifestTable table, List<Sequence> owned, Set<TableId> existingSequences) {
    List<String> ownedBy = new ArrayList<>();
    for (Sequence s : owned) {
      String sql = s.ownedBySql();
      if (sql != null && !existingSequences.contains(s.id())) {
        ownedBy.add(sql);
      }
    }
    return new CreateScript(
        List.of(),
        table.ddl().createTable(),
        table.ddl().partitions(),
        table.ddl().constraints(),
        table.ddl().indexes(),
        table.ddl().foreignKeys(),
        ownedBy,
        List.of());
  }
}
