package io.pgsnap.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlockRangeTest {
  @Test
  void blocksAreCutIntoAdjacentRangesFromBlockZeroWithAnOpenEndedLast() {
    assertEquals(
        List.of(new BlockRange(0, 3L), new BlockRange(3, 6L), new BlockRange(6, null)),
        BlockRange.cut(10, 3));
  }

  @Test
  void twoBlocksCutInTwoGiveOneBlockEach() {
    assertEquals(List.of(new BlockRange(0, 1L), new BlockRange(1, null)), BlockRange.cut(2, 2));
  }

  @Test
  void fewerBlocksThanRangesCannotBeCut() {
    assertThrows(IllegalArgumentException.class, () -> BlockRange.cut(1, 2));
  }

  @Test
  void aClosedRangeSelectsFromTheFirstTupleOfItsFirstBlockToBeforeItsEndBlock() {
    assertEquals(
        "ctid >= '(3,0)'::pg_catalog.tid AND ctid < '(6,0)'::pg_catalog.tid",
        new BlockRange(3, 6L).ctidCondition());
  }

  @Test
  void anOpenEndedRangeHasNoUpperBound() {
    assertEquals("ctid >= '(6,0)'::pg_catalog.tid", new BlockRange(6, null).ctidCondition());
  }

  @ParameterizedTest
  @CsvSource({
    // bytes, threshold, jobs, parts
    "251658240, 67108864, 2, 2", // 240 MiB over 64 MiB with 2 jobs: one part per job
    "251658240, 67108864, 8, 4", // ... with 8 jobs: one part per 64 MiB
    "67108864, 67108864, 4, 2", // just at the threshold: still split in two
    "1099511627776, 8192, 5000, 999" // never more parts than file names allow
  })
  void aTableGetsOnePartPerThresholdAtLeastTwoAndAtMostOnePerJob(
      long bytes, long threshold, int jobs, int parts) {
    assertEquals(parts, TableSplits.parts(bytes, threshold, jobs));
  }
}
