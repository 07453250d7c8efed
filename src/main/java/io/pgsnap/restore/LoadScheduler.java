package io.pgsnap.restore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hands out the work of a parallel restore: a work is ready once what it waits for (the tables it
 * references, or the parts of its own table) has loaded, and among the ready ones the largest goes
 * first, so the workers end together. Safe to share between worker threads; needs no database.
 *
 * @param <T> what a work is
 * @param <K> what a finished work completes and others wait for, such as a table
 */
final class LoadScheduler<T, K> {
  private final List<T> pending = new ArrayList<>();
  private final Map<T, Set<K>> waitsFor;
  private final java.util.function.Function<T, K> target;
  private final Set<K> done = new HashSet<>();
  private int running;
  private boolean failed;

  /**
   * @param work every work
   * @param size how large each is, to start the largest first
   * @param target what each work completes when it finishes
   * @param waitsFor what each work must wait for (only what some work among {@code work} completes
   *     counts)
   */
  LoadScheduler(
      List<T> work,
      java.util.function.ToLongFunction<T> size,
      java.util.function.Function<T, K> target,
      Map<T, Set<K>> waitsFor) {
    this.pending.addAll(work);
    this.pending.sort(Comparator.comparingLong(size).reversed());
    this.target = target;
    this.waitsFor = Map.copyOf(waitsFor);
  }

  /**
   * The next table whose references have loaded, waiting while none is ready but some still load.
   *
   * @return the work, or null when everything is handed out or a worker failed
   * @throws IllegalStateException when the remaining tables wait for each other (a cycle the
   *     planner should have refused)
   */
  synchronized T next() throws InterruptedException {
    while (!failed && !pending.isEmpty()) {
      for (Iterator<T> it = pending.iterator(); it.hasNext(); ) {
        T work = it.next();
        if (done.containsAll(waitsFor.getOrDefault(work, Set.of()))) {
          it.remove();
          running++;
          return work;
        }
      }
      if (running == 0) {
        throw new IllegalStateException("no table can load: " + pending);
      }
      wait();
    }
    return null;
  }

  /** Records that {@code work} loaded and committed, which may make others ready. */
  synchronized void finished(T work) {
    running--;
    done.add(target.apply(work));
    notifyAll();
  }

  /** Stops handing out work: a worker failed. */
  synchronized void fail() {
    failed = true;
    notifyAll();
  }
}
