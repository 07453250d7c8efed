package io.pgsnap.export;

import java.util.ArrayList;
import java.util.List;

/**
 * A range of a table's heap blocks, {@code [from, to)}; {@code to} is null for a range that runs to
 * the table's end, whatever its size when it is read.
 *
 * @param from the first block
 * @param to the block the range ends before, or null for open-ended
 */
record BlockRange(long from, Long to) {
  BlockRange {
    if (from < 0 || (to != null && to <= from)) {
      throw new IllegalArgumentException("not a block range: [" + from + ", " + to + ")");
    }
  }

  /**
   * {@code blocks} blocks cut into {@code parts} ranges of nearly equal size, in order; the last is
   * open-ended, so rows written into blocks added after the size was read are still read.
   */
  static List<BlockRange> cut(long blocks, int parts) {
    if (parts < 1 || blocks < parts) {
      throw new IllegalArgumentException(
          "cannot cut " + blocks + " blocks into " + parts + " ranges");
    }
    List<BlockRange> ranges = new ArrayList<>(parts);
    for (int i = 0; i < parts; i++) {
      long from = blocks * i / parts;
      Long to = i == parts - 1 ? null : blocks * (i + 1) / parts;
      ranges.add(new BlockRange(from, to));
    }
    return ranges;
  }

  /**
   * The condition on {@code ctid} that selects the range's rows, which PostgreSQL 14 on reads with
   * a TID Range Scan: only the blocks of the range.
   */
  String ctidCondition() {
    String lower = "ctid >= '(" + from + ",0)'::pg_catalog.tid";
    return to == null ? lower : lower + " AND ctid < '(" + to + ",0)'::pg_catalog.tid";
  }
}
