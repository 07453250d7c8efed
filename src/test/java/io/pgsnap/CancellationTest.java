package io.pgsnap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How an operation hears of a cancellation and says what it would leave behind. */
class CancellationTest {
  @Test
  void aNewCancellationIsNotCancelledAndLetsTheOperationGoOn() {
    Cancellation c = new Cancellation();

    c.throwIfCancelled();

    assertFalse(c.isCancelled());
    assertNull(c.reason());
  }

  @Test
  void cancelStopsEveryRegisteredWorkOnceAndKeepsTheFirstReason() {
    Cancellation c = new Cancellation();
    AtomicInteger stopped = new AtomicInteger();
    c.onCancel(stopped::incrementAndGet);
    c.onCancel(stopped::incrementAndGet);

    c.cancel("SIGINT");
    c.cancel("SIGTERM");

    assertEquals(2, stopped.get());
    assertEquals("SIGINT", c.reason());
  }

  @Test
  void workRegisteredAfterTheCancellationIsStoppedAtOnce() {
    Cancellation c = new Cancellation();
    c.cancel("SIGTERM");
    AtomicInteger stopped = new AtomicInteger();

    c.onCancel(stopped::incrementAndGet);

    assertEquals(1, stopped.get());
  }

  @Test
  void workWhoseRegistrationWasClosedIsNotStopped() {
    Cancellation c = new Cancellation();
    AtomicInteger stopped = new AtomicInteger();
    c.onCancel(stopped::incrementAndGet).close();

    c.cancel("SIGINT");

    assertEquals(0, stopped.get());
  }

  @Test
  void aCheckpointAfterTheCancellationUnwindsTheOperationWithoutReportingIt() {
    Cancellation c = new Cancellation();
    c.cancel("SIGINT");

    PgsnapException e = assertThrows(PgsnapException.class, c::throwIfCancelled);

    assertEquals("interrupted by SIGINT", e.getMessage());
    assertFalse(Cancellation.isReport(e));
  }

  @Test
  void theReportNamesTheOperationTheSignalAndWhatIsLeft() {
    Cancellation c = new Cancellation();
    c.cancel("SIGTERM");

    PgsnapException e = c.interrupted("export", "nothing is left behind", null);

    assertEquals(ErrorCode.INTERRUPTED, e.code());
    assertEquals("export interrupted by SIGTERM; nothing is left behind", e.getMessage());
    assertTrue(Cancellation.isReport(e));
  }

  @Test
  void leftBehindListsWhatOpenRegistrationsDescribeNow() {
    Cancellation c = new Cancellation();
    List<String> tables = new ArrayList<>(List.of("public.a"));
    c.leaving(() -> "tables " + tables);
    c.leaving(() -> null);
    Cancellation.Registration folder = c.leaving(() -> "a folder");
    tables.add("public.b");
    folder.close();

    assertEquals(List.of("tables [public.a, public.b]"), c.leftBehind());
  }
}
