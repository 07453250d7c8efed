package io.pgsnap.snapshot;

import java.time.Duration;
import java.util.Locale;

/** Ages and durations of snapshots as people read them in a monitoring line. */
public final class Ages {
  private Ages() {}

  /**
   * A duration in its two largest units, without a zero second unit: {@code 42s}, {@code 12m05s},
   * {@code 3h12m}, {@code 26h} (hours up to three days, so that ages near a 26-hour threshold
   * compare at a glance), then {@code 5d03h}. A negative duration (a snapshot stamped in the future
   * by a skewed clock) reads as {@code 0s}.
   *
   * @param duration the age
   * @return the age as text
   */
  public static String human(Duration duration) {
    long seconds = Math.max(0, duration.getSeconds());
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return twoUnits(seconds / 60, "m", seconds % 60, "s");
    }
    long minutes = seconds / 60;
    if (minutes < 72 * 60) {
      return twoUnits(minutes / 60, "h", minutes % 60, "m");
    }
    long hours = minutes / 60;
    return twoUnits(hours / 24, "d", hours % 24, "h");
  }

  private static String twoUnits(long major, String majorUnit, long minor, String minorUnit) {
    return minor == 0
        ? major + majorUnit
        : String.format(Locale.ROOT, "%d%s%02d%s", major, majorUnit, minor, minorUnit);
  }
}
