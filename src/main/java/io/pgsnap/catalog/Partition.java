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
 */
public record Partition(TableId id, TableId parent, String bound, String partitionKey) {
  public Partition {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(bound, "bound");
  }
}
