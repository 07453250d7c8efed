package io.pgsnap.snapshot;

import java.util.Objects;

/**
 * One table of a snapshot, as {@code pgsnap inspect --ddl} finds it.
 *
 * @param manifest the snapshot's manifest, checked by the snapshot reader
 * @param table the table's manifest entry
 */
public record TableInspection(Manifest manifest, ManifestTable table) {
  public TableInspection {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(table, "table");
  }
}
