package io.pgsnap.retention;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which snapshots {@code prune} keeps, in the terms of restic's {@code forget}: a snapshot is kept
 * if any rule keeps it. A count of {@code 0} turns its rule off; {@link #UNLIMITED} keeps one
 * snapshot in every bucket there is. Validated when built: a bad value fails with a {@link
 * ErrorCode#USAGE} message naming its option, and a policy without any rule is refused, as restic
 * refuses to forget without a policy.
 *
 * @param keepLast keep the newest N snapshots ({@code --keep-last})
 * @param keepWithin keep every snapshot taken within this span before the newest snapshot ({@code
 *     --keep-within}); {@link Within#NONE} when off
 * @param keepHourly for each of the last N hours (UTC) that have snapshots, keep the newest one
 * @param keepDaily for each of the last N days (UTC) that have snapshots, keep the newest one
 * @param keepWeekly for each of the last N ISO weeks (UTC) that have snapshots, keep the newest one
 * @param keepMonthly for each of the last N months (UTC) that have snapshots, keep the newest one
 * @param keepYearly for each of the last N years (UTC) that have snapshots, keep the newest one
 */
public record RetentionPolicy(
    int keepLast,
    Within keepWithin,
    int keepHourly,
    int keepDaily,
    int keepWeekly,
    int keepMonthly,
    int keepYearly) {

  /** A count that never runs out: one snapshot of every hour, day, ... there is. */
  public static final int UNLIMITED = -1;

  public RetentionPolicy {
    requireCount("--keep-last", keepLast);
    Objects.requireNonNull(keepWithin, "keepWithin");
    requireCount("--keep-hourly", keepHourly);
    requireCount("--keep-daily", keepDaily);
    requireCount("--keep-weekly", keepWeekly);
    requireCount("--keep-monthly", keepMonthly);
    requireCount("--keep-yearly", keepYearly);
    if (keepLast == 0
        && keepWithin.isNone()
        && keepHourly == 0
        && keepDaily == 0
        && keepWeekly == 0
        && keepMonthly == 0
        && keepYearly == 0) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "prune needs at least one --keep option (--keep-last, --keep-within, --keep-hourly,"
              + " --keep-daily, --keep-weekly, --keep-monthly or --keep-yearly),"
              + " e.g. --keep-daily 7 --keep-weekly 4");
    }
  }

  private static void requireCount(String option, int count) {
    if (count < 0 && count != UNLIMITED) {
      throw new PgsnapException(
          ErrorCode.USAGE, option + " must be a number of snapshots or 'unlimited', not " + count);
    }
  }

  /** A builder with every rule off; {@link Builder#build()} validates. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The policy in words, as restic prints it: {@code keep 3 latest, 7 daily snapshots and all
   * snapshots within 30d of the newest}.
   */
  public String describe() {
    List<String> counts = new ArrayList<>();
    addCount(counts, keepLast, "latest");
    addCount(counts, keepHourly, "hourly");
    addCount(counts, keepDaily, "daily");
    addCount(counts, keepWeekly, "weekly");
    addCount(counts, keepMonthly, "monthly");
    addCount(counts, keepYearly, "yearly");
    StringBuilder s = new StringBuilder("keep ");
    if (!counts.isEmpty()) {
      s.append(String.join(", ", counts)).append(" snapshots");
    }
    if (!keepWithin.isNone()) {
      if (!counts.isEmpty()) {
        s.append(" and ");
      }
      s.append("all snapshots within ").append(keepWithin).append(" of the newest");
    }
    return s.toString();
  }

  private static void addCount(List<String> counts, int count, String what) {
    if (count == UNLIMITED) {
      counts.add("all " + what);
    } else if (count > 0) {
      counts.add(count + " " + what);
    }
  }

  /**
   * A calendar span in restic's {@code --keep-within} syntax: years, months, days and hours, as in
   * {@code 30d}, {@code 1y6m} or {@code 2y5m7d3h}. {@code m} means months, as in restic.
   */
  public record Within(int years, int months, int days, int hours) {
    /** No span: the rule is off. */
    public static final Within NONE = new Within(0, 0, 0, 0);

    private static final Pattern PART = Pattern.compile("(\\d{1,6})([ymdh])");

    public Within {
      if (years < 0 || months < 0 || days < 0 || hours < 0) {
        throw new PgsnapException(ErrorCode.USAGE, "--keep-within must not be negative");
      }
    }

    /**
     * Parses restic's syntax: one or more of {@code Ny}, {@code Nm} (months), {@code Nd}, {@code
     * Nh}, each unit at most once.
     *
     * @throws PgsnapException {@link ErrorCode#USAGE} naming {@code --keep-within} when the text is
     *     not such a span, or is zero
     */
    public static Within parse(String text) {
      String s = text.trim();
      if (s.isEmpty()) {
        throw notASpan(text);
      }
      Matcher m = PART.matcher(s);
      int[] values = new int[4];
      boolean[] seen = new boolean[4];
      int at = 0;
      while (at < s.length()) {
        if (!m.find(at) || m.start() != at) {
          throw notASpan(text);
        }
        int unit = "ymdh".indexOf(m.group(2));
        if (seen[unit]) {
          throw notASpan(text);
        }
        seen[unit] = true;
        values[unit] = Integer.parseInt(m.group(1));
        at = m.end();
      }
      Within within = new Within(values[0], values[1], values[2], values[3]);
      if (within.isNone()) {
        throw new PgsnapException(
            ErrorCode.USAGE,
            "--keep-within must be longer than zero: e.g. 30d; leave it out to turn the rule off");
      }
      return within;
    }

    private static PgsnapException notASpan(String text) {
      return new PgsnapException(
          ErrorCode.USAGE,
          "--keep-within '"
              + text
              + "' is not a span: use years, months, days and hours as restic does,"
              + " e.g. 30d, 1y6m or 2y5m7d3h (m means months)");
    }

    /** Whether this is {@link #NONE}. */
    public boolean isNone() {
      return years == 0 && months == 0 && days == 0 && hours == 0;
    }

    /**
     * The instant this span before {@code time}, in UTC, computed as restic's Go code does ({@code
     * AddDate(-y, -m, -d)} then minus hours): a day that does not exist in the target month rolls
     * over into the next (31 March minus one month is 3 March), where {@code java.time} would clamp
     * it to the month's last day.
     */
    public Instant before(Instant time) {
      LocalDateTime t = LocalDateTime.ofInstant(time, ZoneOffset.UTC);
      LocalDate firstOfMonth =
          LocalDate.of(t.getYear(), t.getMonth(), 1).minusYears(years).minusMonths(months);
      LocalDate date = firstOfMonth.plusDays((long) t.getDayOfMonth() - 1 - days);
      return LocalDateTime.of(date, t.toLocalTime()).minusHours(hours).toInstant(ZoneOffset.UTC);
    }

    /** restic's form: {@code 1y6m}, {@code 30d}. */
    @Override
    public String toString() {
      StringBuilder s = new StringBuilder();
      if (years != 0) {
        s.append(years).append('y');
      }
      if (months != 0) {
        s.append(months).append('m');
      }
      if (days != 0) {
        s.append(days).append('d');
      }
      if (hours != 0) {
        s.append(hours).append('h');
      }
      return s.toString();
    }
  }

  /** Builds a {@link RetentionPolicy}; every rule starts off. */
  public static final class Builder {
    private int keepLast;
    private Within keepWithin = Within.NONE;
    private int keepHourly;
    private int keepDaily;
    private int keepWeekly;
    private int keepMonthly;
    private int keepYearly;

    private Builder() {}

    /** Keep the newest {@code n} snapshots. */
    public Builder keepLast(int n) {
      this.keepLast = n;
      return this;
    }

    /** Keep every snapshot taken within {@code span} before the newest one. */
    public Builder keepWithin(Within span) {
      this.keepWithin = span;
      return this;
    }

    /** Keep the newest snapshot of each of the last {@code n} hours that have one. */
    public Builder keepHourly(int n) {
      this.keepHourly = n;
      return this;
    }

    /** Keep the newest snapshot of each of the last {@code n} days that have one. */
    public Builder keepDaily(int n) {
      this.keepDaily = n;
      return this;
    }

    /** Keep the newest snapshot of each of the last {@code n} ISO weeks that have one. */
    public Builder keepWeekly(int n) {
      this.keepWeekly = n;
      return this;
    }

    /** Keep the newest snapshot of each of the last {@code n} months that have one. */
    public Builder keepMonthly(int n) {
      this.keepMonthly = n;
      return this;
    }

    /** Keep the newest snapshot of each of the last {@code n} years that have one. */
    public Builder keepYearly(int n) {
      this.keepYearly = n;
      return this;
    }

    /**
     * The policy.
     *
     * @throws PgsnapException {@link ErrorCode#USAGE} when a value is invalid or no rule is on
     */
    public RetentionPolicy build() {
      return new RetentionPolicy(
          keepLast, keepWithin, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly);
    }
  }
}
