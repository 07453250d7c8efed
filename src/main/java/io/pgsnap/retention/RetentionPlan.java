package io.pgsnap.retention;

import io.pgsnap.snapshot.Ages;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.ToLongBiFunction;

/**
 * What {@code prune} keeps and removes, and why, decided from the snapshots alone: their ids (the
 * time each was taken), whether each is partial, and when a partial one last changed. Nothing here
 * reads a manifest or touches the disk, so a plan is the same for the same snapshots, policy and
 * clock.
 *
 * <p>Complete snapshots are grouped by database (the id's prefix), as restic groups snapshots by
 * host and paths, and the policy applies to each group on its own: a folder that holds snapshots of
 * two databases never loses all of one of them to the other's newer snapshots.
 *
 * @param decisions one per snapshot, newest first (ties by name, descending)
 */
public record RetentionPlan(List<Decision> decisions) {
  /** Why a snapshot kept only because it is its database's newest complete snapshot is kept. */
  public static final String NEWEST_COMPLETE = "newest complete snapshot";

  /** Why a complete snapshot that no rule keeps is removed. */
  public static final String NO_RULE = "no rule keeps it";

  public RetentionPlan {
    decisions = List.copyOf(decisions);
  }

  /** Keep or remove. */
  public enum Action {
    KEEP,
    REMOVE
  }

  /**
   * What happens to one snapshot.
   *
   * @param snapshot the snapshot; for a partial one, {@link HeldSnapshot#lastChange()} is when
   *     anything in it last changed
   * @param action keep or remove
   * @param reasons why, never empty: for a kept snapshot every rule that keeps it, in restic's
   *     words ({@code last snapshot}, {@code daily snapshot}, {@code within 30d}, ...)
   */
  public record Decision(HeldSnapshot snapshot, Action action, List<String> reasons) {
    public Decision {
      Objects.requireNonNull(snapshot, "snapshot");
      Objects.requireNonNull(action, "action");
      reasons = List.copyOf(reasons);
      if (reasons.isEmpty()) {
        throw new IllegalArgumentException("a decision needs a reason");
      }
    }

    /** Whether the snapshot stays. */
    public boolean keep() {
      return action == Action.KEEP;
    }
  }

  /** The decisions that keep their snapshot, newest first. */
  public List<Decision> kept() {
    return decisions.stream().filter(Decision::keep).toList();
  }

  /** The decisions that remove their snapshot, newest first. */
  public List<Decision> removed() {
    return decisions.stream().filter(d -> !d.keep()).toList();
  }

  /**
   * Plans a prune.
   *
   * @param folders the snapshots, complete and partial, in any order; a partial one's {@code
   *     lastChange} should be when anything inside it last changed
   * @param policy which complete snapshots to keep
   * @param partialOlderThan a partial folder unchanged for longer than this is abandoned and
   *     removed; a younger one may belong to a running export and is kept
   * @param now the current time: the newest snapshot not after it is what {@code --keep-within}
   *     counts back from, and the age of partial folders is measured against it
   */
  public static RetentionPlan of(
      List<HeldSnapshot> folders, RetentionPolicy policy, Duration partialOlderThan, Instant now) {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(partialOlderThan, "partialOlderThan");
    Objects.requireNonNull(now, "now");
    Map<String, List<HeldSnapshot>> byDatabase = new TreeMap<>();
    List<Decision> decisions = new ArrayList<>();
    for (HeldSnapshot folder : folders) {
      if (folder.partial()) {
        decisions.add(partial(folder, partialOlderThan, now));
      } else {
        byDatabase.computeIfAbsent(database(folder.id()), k -> new ArrayList<>()).add(folder);
      }
    }
    for (List<HeldSnapshot> group : byDatabase.values()) {
      group.sort(NEWEST_FIRST);
      decisions.addAll(applyPolicy(group, policy, now));
    }
    decisions.sort(Comparator.comparing(Decision::snapshot, NEWEST_FIRST));
    return new RetentionPlan(decisions);
  }

  /** Newest first; ties (one second, several exports) by name, descending. */
  private static final Comparator<HeldSnapshot> NEWEST_FIRST =
      Comparator.comparing(HeldSnapshot::takenAt)
          .reversed()
          .thenComparing(HeldSnapshot::name, Comparator.reverseOrder());

  /** The database part of a snapshot id: everything before {@code -yyyyMMdd'T'HHmmss'Z'}. */
  static String database(String id) {
    return id.replaceFirst("-\\d{8}T\\d{6}Z(?:-\\d+)?$", "");
  }

  private static Decision partial(HeldSnapshot folder, Duration olderThan, Instant now) {
    Duration unchanged = Duration.between(folder.lastChange(), now);
    if (unchanged.compareTo(olderThan) > 0) {
      return new Decision(
          folder,
          Action.REMOVE,
          List.of(
              "abandoned partial: unchanged for "
                  + Ages.human(unchanged)
                  + ", over "
                  + Ages.human(olderThan)));
    }
    return new Decision(
        folder,
        Action.KEEP,
        List.of(
            "partial, changed "
                + Ages.human(unchanged)
                + " ago: may be a running export (removed once unchanged for over "
                + Ages.human(olderThan)
                + ")"));
  }

  /** One rule that keeps the newest snapshot of each of the last N buckets. */
  private static final class Bucket {
    final String reason;
    final ToLongBiFunction<ZonedDateTime, Integer> key;
    int count;
    long last = Long.MIN_VALUE;

    Bucket(String reason, int count, ToLongBiFunction<ZonedDateTime, Integer> key) {
      this.reason = reason;
      this.count = count;
      this.key = key;
    }
  }

  /**
   * restic's {@code ApplyPolicy} over one group, newest first: {@code --keep-within} keeps what was
   * taken strictly after the newest snapshot (ignoring any in the future) minus the span; each
   * count rule keeps a snapshot whose bucket differs from the last one it kept, while its count
   * lasts, and also the group's oldest snapshot if its count is not used up, which keeps the
   * longest history the counts allow.
   */
  private static List<Decision> applyPolicy(
      List<HeldSnapshot> group, RetentionPolicy policy, Instant now) {
    List<Bucket> buckets =
        List.of(
            new Bucket("last snapshot", policy.keepLast(), (t, nr) -> nr),
            new Bucket(
                "hourly snapshot",
                policy.keepHourly(),
                (t, nr) ->
                    t.getYear() * 1_000_000L
                        + t.getMonthValue() * 10_000L
                        + t.getDayOfMonth() * 100L
                        + t.getHour()),
            new Bucket(
                "daily snapshot",
                policy.keepDaily(),
                (t, nr) -> t.getYear() * 10_000L + t.getMonthValue() * 100L + t.getDayOfMonth()),
            new Bucket(
                "weekly snapshot",
                policy.keepWeekly(),
                (t, nr) ->
                    t.get(IsoFields.WEEK_BASED_YEAR) * 100L
                        + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)),
            new Bucket(
                "monthly snapshot",
                policy.keepMonthly(),
                (t, nr) -> t.getYear() * 100L + t.getMonthValue()),
            new Bucket("yearly snapshot", policy.keepYearly(), (t, nr) -> t.getYear()));

    // As restic: the newest snapshot that is not in the future; if every one is, all are "within".
    Instant latest =
        group.stream()
            .map(HeldSnapshot::takenAt)
            .filter(t -> t.isBefore(now))
            .max(Comparator.naturalOrder())
            .orElse(null);
    Instant withinAfter =
        policy.keepWithin().isNone() || latest == null ? null : policy.keepWithin().before(latest);

    List<Decision> decisions = new ArrayList<>();
    for (int nr = 0; nr < group.size(); nr++) {
      HeldSnapshot snapshot = group.get(nr);
      ZonedDateTime time = snapshot.takenAt().atZone(ZoneOffset.UTC);
      List<String> why = new ArrayList<>();
      if (!policy.keepWithin().isNone()
          && (withinAfter == null || snapshot.takenAt().isAfter(withinAfter))) {
        why.add("within " + policy.keepWithin());
      }
      for (Bucket bucket : buckets) {
        if (bucket.count > 0 || bucket.count == RetentionPolicy.UNLIMITED) {
          long key = bucket.key.applyAsLong(time, nr);
          if (key != bucket.last || nr == group.size() - 1) {
            bucket.last = key;
            if (bucket.count > 0) {
              bucket.count--;
            }
            why.add(bucket.reason);
          }
        }
      }
      // The rules above always keep the newest snapshot; this makes that a guarantee of prune's
      // rather than a property of the rules.
      if (nr == 0 && why.isEmpty()) {
        why.add(NEWEST_COMPLETE);
      }
      decisions.add(
          why.isEmpty()
              ? new Decision(snapshot, Action.REMOVE, List.of(NO_RULE))
              : new Decision(snapshot, Action.KEEP, why));
    }
    return decisions;
  }
}
