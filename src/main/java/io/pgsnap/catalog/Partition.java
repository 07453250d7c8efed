package io.pgsnap.catalog;

import java.util.Objects;

/**
 * A partition below a partitioned table. Partitions are not exported on their own: their rows are
 * exported through the root, and they are recreated from these records.
 *
 * @param id the partition's name
 * @param parent the table it is a partition of (the root, or a sub-partitioned partition)
 * @param bound the bound as {@code pg_get_expr(relpartbound)} prints it ({@code FOR VALUES ...} or
 *     {@code DEFAULT})
 * @param partitionKey for a partition that is itself partitioned, its {@code pg_get_partkeydef},
 *     otherwise {@code null}
 * @param attached what is attached to the partition itself, recorded since format version 4: its
 *     owner, privileges, comments, settings, row security and policies, and the triggers and rules
 *     defined on it alone (triggers cloned from a parent come back with the parent's); {@link
 *     Attached#NONE} when not recorded
 */
public record Partition(
    TableId id, TableId parent, String bound, String partitionKey, Attached attached) {
  public Partition {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(bound, "bound");
    // Manifests before format version 4 have no "attached" property on partitions.
    attached = attached == null ? Attached.NONE : attached;
  }

  /** A partition with nothing attached recorded. */
  public Partition(TableId id, TableId parent, String bound, String partitionKey) {
    this(id, parent, bound, partitionKey, Attached.NONE);
  }

  /** This partition with {@code attached} recorded. */
  public Partition withAttached(Attached attached) {
    return new Partition(id, parent, bound, partitionKey, attached);
  }
}
