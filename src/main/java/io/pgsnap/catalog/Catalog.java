package io.pgsnap.catalog;

import java.util.List;

/**
 * The selected part of a database's catalog: tables in name order and the sequences that go with
 * them.
 */
public record Catalog(List<Table> tables, List<Sequence> sequences) {
  public Catalog {
    tables = List.copyOf(tables);
    sequences = List.copyOf(sequences);
  }
}
