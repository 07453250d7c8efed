package io.pgsnap.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What changed in the selected tables between two reads of the catalog: the read that chose the
 * tables to lock, and the read in the snapshot taken once they were locked.
 */
public final class CatalogDrift {
  private CatalogDrift() {}

  /** The tables whose definition differs between the two reads, or that only one read found. */
  public static List<String> changed(Catalog before, Catalog after) {
    Map<String, List<Object>> was = shapes(before);
    Map<String, List<Object>> is = shapes(after);
    List<String> changed = new ArrayList<>();
    was.forEach(
        (name, shape) -> {
          if (!is.containsKey(name)) {
            changed.add(name + " (dropped)");
          } else if (!is.get(name).equals(shape)) {
            changed.add(name + " (altered)");
          }
        });
    is.keySet().stream().filter(n -> !was.containsKey(n)).forEach(n -> changed.add(n + " (new)"));
    return changed;
  }

  /** What the export relies on of each table; estimates change all the time and do not count. */
  private static Map<String, List<Object>> shapes(Catalog catalog) {
    return catalog.tables().stream()
        .collect(
            Collectors.toMap(
                t -> t.id().display(),
                t ->
                    List.of(
                        t.kind(),
                        t.columns(),
                        t.constraints(),
                        t.foreignKeys(),
                        t.indexes(),
                        t.partitions(),
                        t.inheritsFrom(),
                        t.ddl()),
                (a, b) -> a,
                TreeMap::new));
  }
}
