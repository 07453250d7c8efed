package io.pgsnap.catalog;

import java.util.List;

/**
 * The selected part of a database's catalog: tables in name order, the sequences that go with them,
 * and what the tables use ({@link UsedObject}) in dependency order.
 */
public record Catalog(List<Table> tables, List<Sequence> sequences, List<UsedObject> objects) {
  public Catalog {
    tables = List.copyOf(tables);
    sequences = List.copyOf(sequences);
    objects = List.copyOf(objects);
  }

  /** A catalog with nothing used recorded. */
  public Catalog(List<Table> tables, List<Sequence> sequences) {
    this(tables, sequences, List.of());
  }
}
