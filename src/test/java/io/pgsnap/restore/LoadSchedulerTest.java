package io.pgsnap.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pgsnap.catalog.TableId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoadSchedulerTest {
  private record Work(String table, long size) {
    TableId id() {
      return new TableId("public", table);
    }
  }

  private static final Work SMALL = new Work("small", 10);
  private static final Work LARGE = new Work("large", 1000);
  private static final Work MIDDLE = new Work("middle", 100);

  private static LoadScheduler<Work, TableId> scheduler(
      List<Work> work, Map<Work, Set<TableId>> waits) {
    return new LoadScheduler<>(work, Work::size, Work::id, waits);
  }

  @Test
  void theLargestReadyTableGoesFirst() throws InterruptedException {
    LoadScheduler<Work, TableId> s = scheduler(List.of(SMALL, LARGE, MIDDLE), Map.of());

    assertEquals(List.of(LARGE, MIDDLE, SMALL), List.of(s.next(), s.next(), s.next()));
  }

  @Test
  void aTableWaitsForTheTablesItReferences() throws InterruptedException {
    LoadScheduler<Work, TableId> s =
        scheduler(List.of(SMALL, LARGE), Map.of(LARGE, Set.of(SMALL.id())));

    assertEquals(SMALL, s.next());
    s.finished(SMALL);
    assertEquals(LARGE, s.next());
  }

  @Test
  void nothingIsHandedOutOnceAWorkerFailed() throws InterruptedException {
    LoadScheduler<Work, TableId> s = scheduler(List.of(SMALL, LARGE), Map.of());
    s.next();

    s.fail();

    assertNull(s.next());
  }

  @Test
  void nothingIsLeftOnceEveryTableIsHandedOut() throws InterruptedException {
    LoadScheduler<Work, TableId> s = scheduler(List.of(SMALL), Map.of());
    s.next();
    s.finished(SMALL);

    assertNull(s.next());
  }

  @Test
  void tablesWaitingForEachOtherAreAnError() {
    LoadScheduler<Work, TableId> s =
        scheduler(
            List.of(SMALL, LARGE), Map.of(SMALL, Set.of(LARGE.id()), LARGE, Set.of(SMALL.id())));

    IllegalStateException e = assertThrows(IllegalStateException.class, s::next);
    assertEquals(
        "no table can load: [Work[table=large, size=1000], Work[table=small, size=10]]",
        e.getMessage());
  }
}
