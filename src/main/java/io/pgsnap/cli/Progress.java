package io.pgsnap.cli;

import io.pgsnap.ProgressListener;
import io.pgsnap.catalog.TableId;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows progress: a bar with rows, bytes and ETA on a terminal; a plain line every {@value
 * #PLAIN_INTERVAL_SECONDS} seconds otherwise (cron mail, CI logs); nothing with {@code --quiet}.
 */
abstract class Progress implements ProgressListener, AutoCloseable {
  static final int PLAIN_INTERVAL_SECONDS = 10;

  final AtomicInteger tablesDone = new AtomicInteger();
  final AtomicLong rows = new AtomicLong();
  final AtomicLong bytes = new AtomicLong();
  volatile int tablesPlanned;

  static Progress forTerminal(PrintWriter err, boolean quiet, String task) {
    if (quiet) {
      return new Silent();
    }
    return System.console() != null ? new Bar(task) : new Plain(err, task);
  }

  @Override
  public void close() {}

  String summary() {
    return String.format(
        "%d/%d tables, %,d rows, %s",
        tablesDone.get(), tablesPlanned, rows.get(), Sizes.human(bytes.get()));
  }

  private static final class Silent extends Progress {}

  /** A progress bar on standard error, counting rows against the planner's estimate. */
  private static final class Bar extends Progress {
    private final String task;
    private ProgressBar bar;
    private volatile String current;

    Bar(String task) {
      this.task = task;
    }

    @Override
    public synchronized void planned(int tables, long estimatedRows, long estimatedBytes) {
      tablesPlanned = tables;
      bar =
          new ProgressBarBuilder()
              .setTaskName(task)
              .setInitialMax(estimatedRows > 0 ? estimatedRows : -1)
              .setUnit(" rows", 1)
              .setStyle(ProgressBarStyle.ASCII)
              .setConsumer(new ConsoleProgressBarConsumer(System.err))
              .showSpeed(new java.text.DecimalFormat("#,##0"))
              .setUpdateIntervalMillis(250)
              .build();
    }

    @Override
    public void advanced(TableId table, long rowsDone, long bytesDone) {
      rows.addAndGet(rowsDone);
      bytes.addAndGet(bytesDone);
      ProgressBar b = bar;
      if (b != null) {
        if (b.getMax() > 0 && rows.get() > b.getMax()) {
          b.maxHint(rows.get());
        }
        b.stepBy(rowsDone);
        b.setExtraMessage(extraMessage());
      }
    }

    @Override
    public void tableStarted(TableId table) {
      current = table.display();
    }

    @Override
    public void tableFinished(TableId table, long rowsDone, long storedBytes) {
      tablesDone.incrementAndGet();
    }

    /** Printed right after the speed, which has no separator of its own. */
    private String extraMessage() {
      String table = current;
      return " | "
          + Sizes.human(bytes.get())
          + ", "
          + tablesDone.get()
          + "/"
          + tablesPlanned
          + " tables"
          + (table == null ? "" : ", " + table);
    }

    @Override
    public synchronized void close() {
      if (bar != null) {
        bar.setExtraMessage(extraMessage());
        bar.maxHint(rows.get());
        bar.stepTo(rows.get());
        bar.close();
        bar = null;
      }
    }
  }

  /** Plain lines for logs: at most one every few seconds, and one at the end. */
  private static final class Plain extends Progress {
    private final PrintWriter err;
    private final String task;
    private long lastPrint = System.nanoTime();

    Plain(PrintWriter err, String task) {
      this.err = err;
      this.task = task;
    }

    @Override
    public void planned(int tables, long estimatedRows, long estimatedBytes) {
      tablesPlanned = tables;
    }

    @Override
    public void advanced(TableId table, long rowsDone, long bytesDone) {
      rows.addAndGet(rowsDone);
      bytes.addAndGet(bytesDone);
      maybePrint();
    }

    @Override
    public void tableFinished(TableId table, long rowsDone, long storedBytes) {
      tablesDone.incrementAndGet();
      maybePrint();
    }

    private synchronized void maybePrint() {
      long now = System.nanoTime();
      if (now - lastPrint >= PLAIN_INTERVAL_SECONDS * 1_000_000_000L) {
        lastPrint = now;
        err.println("pgsnap: " + task.toLowerCase(java.util.Locale.ROOT) + ": " + summary());
        err.flush();
      }
    }
  }
}
