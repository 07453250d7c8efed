package io.pgsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pgsnap.cli.AlignedColumns.Align;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlignedColumnsTest {
  @Test
  void columnsAreAsWideAsTheirWidestCellAndNumbersAlignRight() {
    AlignedColumns t =
        new AlignedColumns(
            List.of("TABLE", "ROWS", "STATUS"), List.of(Align.LEFT, Align.RIGHT, Align.LEFT));
    t.add("public.orders", "1,000", "equal");
    t.add(List.of("a.ü", "7", "rows differ"), List.of("detail"));

    assertEquals(
        List.of(
            "TABLE           ROWS  STATUS",
            "public.orders  1,000  equal",
            "a.ü                7  rows differ",
            "    detail"),
        t.lines());
  }

  @Test
  void aRowNeedsOneCellPerColumn() {
    AlignedColumns t = new AlignedColumns(List.of("A", "B"), List.of(Align.LEFT, Align.LEFT));

    assertThrows(IllegalArgumentException.class, () -> t.add("only one"));
  }
}
