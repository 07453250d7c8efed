package io.pgsnap.retention;

import java.time.Duration;

/**
 * Short human-readable ages and durations: {@code 45s}, {@code 12m}, {@code 26h 5m}, {@code 3d 4h}.
 */
public final class Ages {
  private Ages() {}

  /**
   * {@code d} in at most two units, rounded down. Hours are used up to two days, so that thresholds
   * given in hours ({@code 24h}, {@code 26h}) read back as given. A negative duration (a time in
   * the future, from clock skew) gets a leading {@code -}.
   */
  public static String format(Duration d) {
    if (d.isNegative()) {
      return "-" + format(d.negated());
    }
    long seconds = d.toSeconds();
    long days = seconds / 86_400;
    long hours = seconds / 3_600;
    long minutes = seconds / 60;
    if (hours >= 48) {
      long restHours = hours % 24;
      return restHours == 0 ? days + "d" : days + "d " + restHours + "h";
    }
    if (hours >= 1) {
      long restMinutes = minutes % 60;
      return restMinutes == 0 ? hours + "h" : hours + "h " + restMinutes + "m";
    }
    if (minutes >= 1) {
      return minutes + "m";
    }
    return seconds + "s";
  }
}
