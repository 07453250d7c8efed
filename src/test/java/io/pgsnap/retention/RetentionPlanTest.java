package io.pgsnap.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The retention rules on synthetic snapshot folders: no disk, a fixed "now". */
class RetentionPlanTest {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Duration DAY = Duration.ofHours(24);
  private static final Instant NEW_YEAR_2024 = Instant.parse("2024-01-01T00:00:00Z");

  /** A snapshot in the folder {@code /backups}. */
  private static HeldSnapshot held(
      String id, String name, boolean partial, Instant taken, Instant lastChange) {
    return new HeldSnapshot(
        id, name, "/backups/" + name, partial, taken, lastChange, OptionalLong.empty());
  }

  /** One complete snapshot of {@code shop} taken at {@code time}. */
  private static HeldSnapshot snapshot(String database, Instant time) {
    String id = database + "-" + STAMP.format(time);
    return held(id, id, false, time, time);
  }

  private static HeldSnapshot snapshot(Instant time) {
    return snapshot("shop", time);
  }

  private static HeldSnapshot partial(Instant taken, Instant lastChange) {
    String id = "shop-" + STAMP.format(taken);
    return held(id, id + ".partial", true, taken, lastChange);
  }

  /** A snapshot every day of 2023 at 03:00 UTC: 365 of them. */
  private static List<HeldSnapshot> dailyIn2023() {
    List<HeldSnapshot> all = new ArrayList<>();
    for (LocalDate d = LocalDate.of(2023, 1, 1); d.getYear() == 2023; d = d.plusDays(1)) {
      all.add(snapshot(d.atTime(3, 0).toInstant(ZoneOffset.UTC)));
    }
    return all;
  }

  /** {@code shop} ids for these dates at 03:00 UTC. */
  private static List<String> at3(String... dates) {
    return java.util.Arrays.stream(dates)
        .map(d -> "shop-" + d.replace("-", "") + "T030000Z")
        .toList();
  }

  private static List<String> keptIds(RetentionPlan plan) {
    return plan.kept().stream().map(d -> d.snapshot().id()).toList();
  }

  private static Map<String, List<String>> reasons(RetentionPlan plan) {
    return plan.decisions().stream()
        .collect(Collectors.toMap(d -> d.snapshot().id(), RetentionPlan.Decision::reasons));
  }

  private static RetentionPlan plan(
      List<HeldSnapshot> folders, RetentionPolicy policy, Instant now) {
    return RetentionPlan.of(folders, policy, DAY, now);
  }

  @Test
  void aYearOfDailySnapshotsKeepsSevenDaysFourWeeksAndTwelveMonths() {
    RetentionPlan plan =
        plan(
            dailyIn2023(),
            RetentionPolicy.builder().keepDaily(7).keepWeekly(4).keepMonthly(12).build(),
            NEW_YEAR_2024);

    // Weeks are ISO weeks: 2023-12-31 is the Sunday that ends week 52 (25 to 31 December).
    assertEquals(
        at3(
            "2023-12-31",
            "2023-12-30",
            "2023-12-29",
            "2023-12-28",
            "2023-12-27",
            "2023-12-26",
            "2023-12-25",
            "2023-12-24",
            "2023-12-17",
            "2023-12-10",
            "2023-11-30",
            "2023-10-31",
            "2023-09-30",
            "2023-08-31",
            "2023-07-31",
            "2023-06-30",
            "2023-05-31",
            "2023-04-30",
            "2023-03-31",
            "2023-02-28",
            "2023-01-31"),
        keptIds(plan));
    assertEquals(365 - 21, plan.removed().size());
    Map<String, List<String>> why = reasons(plan);
    assertEquals(
        List.of("daily snapshot", "weekly snapshot", "monthly snapshot"),
        why.get("shop-20231231T030000Z"));
    assertEquals(List.of("daily snapshot"), why.get("shop-20231225T030000Z"));
    assertEquals(List.of("weekly snapshot"), why.get("shop-20231224T030000Z"));
    assertEquals(List.of("monthly snapshot"), why.get("shop-20230131T030000Z"));
    assertEquals(List.of(RetentionPlan.NO_RULE), why.get("shop-20230101T030000Z"));
  }

  @Test
  void aCountNotUsedUpAlsoKeepsTheOldestSnapshotAsResticDoes() {
    RetentionPlan plan =
        plan(dailyIn2023(), RetentionPolicy.builder().keepMonthly(13).build(), NEW_YEAR_2024);

    List<String> kept = keptIds(plan);
    assertEquals(13, kept.size());
    assertEquals("shop-20230131T030000Z", kept.get(11));
    assertEquals("shop-20230101T030000Z", kept.get(12));
    assertEquals(List.of("monthly snapshot"), reasons(plan).get("shop-20230101T030000Z"));
  }

  @Test
  void keepLastKeepsTheNewestSnapshotsWhateverTheirTimes() {
    RetentionPlan plan =
        plan(dailyIn2023(), RetentionPolicy.builder().keepLast(3).build(), NEW_YEAR_2024);

    assertEquals(at3("2023-12-31", "2023-12-30", "2023-12-29"), keptIds(plan));
    assertEquals(List.of("last snapshot"), reasons(plan).get("shop-20231229T030000Z"));
  }

  @Test
  void keepLastMoreThanThereAreKeepsAll() {
    List<HeldSnapshot> three = dailyIn2023().subList(0, 3);
    RetentionPlan plan = plan(three, RetentionPolicy.builder().keepLast(10).build(), NEW_YEAR_2024);

    assertEquals(at3("2023-01-03", "2023-01-02", "2023-01-01"), keptIds(plan));
    assertTrue(plan.removed().isEmpty());
  }

  @Test
  void keepWithinCountsBackFromTheNewestSnapshotNotFromNow() {
    // Half a year after the newest snapshot: measured from now, 30d would keep nothing.
    Instant now = Instant.parse("2024-07-01T00:00:00Z");
    RetentionPlan plan =
        plan(
            dailyIn2023(),
            RetentionPolicy.builder().keepWithin(RetentionPolicy.Within.parse("30d")).build(),
            now);

    List<String> kept = keptIds(plan);
    // Strictly after 2023-12-01T03:00Z: the snapshot exactly 30 days before the newest goes.
    assertEquals(30, kept.size());
    assertEquals("shop-20231231T030000Z", kept.get(0));
    assertEquals("shop-20231202T030000Z", kept.get(29));
    assertEquals(List.of("within 30d"), reasons(plan).get("shop-20231202T030000Z"));
    assertEquals(List.of(RetentionPlan.NO_RULE), reasons(plan).get("shop-20231201T030000Z"));
  }

  @Test
  void keepWithinMonthsRollOverAsInResticRatherThanClamping() {
    // restic (Go's AddDate): 31 March minus one month is "31 February", which is 3 March.
    List<HeldSnapshot> upToMarch31 =
        dailyIn2023().stream()
            .filter(s -> s.takenAt().isBefore(Instant.parse("2023-04-01T00:00:00Z")))
            .toList();
    RetentionPlan plan =
        plan(
            upToMarch31,
            RetentionPolicy.builder().keepWithin(RetentionPolicy.Within.parse("1m")).build(),
            NEW_YEAR_2024);

    List<String> kept = keptIds(plan);
    assertEquals(28, kept.size());
    assertEquals("shop-20230304T030000Z", kept.get(27));
  }

  @Test
  void keepWithinIgnoresSnapshotsInTheFutureWhenFindingTheNewest() {
    Instant now = Instant.parse("2023-06-15T12:00:00Z");
    List<HeldSnapshot> folders = dailyIn2023(); // half of them "in the future"
    RetentionPlan plan =
        plan(
            folders,
            RetentionPolicy.builder().keepWithin(RetentionPolicy.Within.parse("2d")).build(),
            now);

    List<String> kept = keptIds(plan);
    // Everything after 2023-06-13T03:00Z: the future ones, 14 June and 15 June.
    assertEquals(at3("2023-06-15", "2023-06-14"), kept.subList(kept.size() - 2, kept.size()));
    assertEquals(365 - 165 + 1, kept.size());
  }

  @Test
  void keepHourlyKeepsTheNewestSnapshotOfEachHour() {
    List<HeldSnapshot> folders = new ArrayList<>();
    Instant start = Instant.parse("2023-05-01T00:00:00Z");
    for (int i = 0; i < 24 * 3; i++) { // every 20 minutes for a day
      folders.add(snapshot(start.plus(Duration.ofMinutes(20L * i))));
    }
    RetentionPlan plan =
        plan(folders, RetentionPolicy.builder().keepHourly(4).build(), NEW_YEAR_2024);

    assertEquals(
        List.of(
            "shop-20230501T234000Z",
            "shop-20230501T224000Z",
            "shop-20230501T214000Z",
            "shop-20230501T204000Z"),
        keptIds(plan));
    assertEquals(List.of("hourly snapshot"), reasons(plan).get("shop-20230501T204000Z"));
  }

  @Test
  void keepYearlyKeepsTheNewestSnapshotOfEachYear() {
    List<HeldSnapshot> folders = new ArrayList<>();
    for (int year = 2019; year <= 2023; year++) {
      for (int month = 1; month <= 12; month++) {
        folders.add(snapshot(LocalDateTime.of(year, month, 15, 3, 0).toInstant(ZoneOffset.UTC)));
      }
    }
    RetentionPlan plan =
        plan(folders, RetentionPolicy.builder().keepYearly(3).build(), NEW_YEAR_2024);

    assertEquals(
        List.of("shop-20231215T030000Z", "shop-20221215T030000Z", "shop-20211215T030000Z"),
        keptIds(plan));
  }

  @Test
  void weeksAreIsoWeeksAcrossTheTurnOfTheYear() {
    // 2021-01-03 is a Sunday in ISO week 53 of 2020; 2021-01-04 starts week 1 of 2021.
    List<HeldSnapshot> folders =
        List.of(
            snapshot(Instant.parse("2021-01-04T03:00:00Z")),
            snapshot(Instant.parse("2021-01-03T03:00:00Z")),
            snapshot(Instant.parse("2021-01-01T03:00:00Z")),
            snapshot(Instant.parse("2020-12-28T03:00:00Z")),
            snapshot(Instant.parse("2020-12-27T03:00:00Z")));
    RetentionPlan plan =
        plan(folders, RetentionPolicy.builder().keepWeekly(3).build(), NEW_YEAR_2024);

    assertEquals(
        List.of("shop-20210104T030000Z", "shop-20210103T030000Z", "shop-20201227T030000Z"),
        keptIds(plan));
  }

  @Test
  void unlimitedKeepsOneSnapshotInEveryBucket() {
    List<HeldSnapshot> folders = new ArrayList<>();
    for (int day = 1; day <= 5; day++) {
      folders.add(snapshot(Instant.parse("2023-03-0" + day + "T03:00:00Z")));
      folders.add(snapshot(Instant.parse("2023-03-0" + day + "T15:00:00Z")));
    }
    RetentionPlan plan =
        plan(
            folders,
            RetentionPolicy.builder().keepDaily(RetentionPolicy.UNLIMITED).build(),
            NEW_YEAR_2024);

    assertEquals(
        List.of(
            "shop-20230305T150000Z",
            "shop-20230304T150000Z",
            "shop-20230303T150000Z",
            "shop-20230302T150000Z",
            "shop-20230301T150000Z",
            // the oldest, as restic keeps it while a count is left (and unlimited always is)
            "shop-20230301T030000Z"),
        keptIds(plan));
  }

  @Test
  void aSnapshotKeptByTwoRulesListsBoth() {
    List<HeldSnapshot> folders = new ArrayList<>();
    for (int day = 1; day <= 3; day++) {
      for (int hour : new int[] {3, 9, 15, 21}) {
        folders.add(snapshot(Instant.parse(String.format("2023-03-%02dT%02d:00:00Z", day, hour))));
      }
    }
    RetentionPlan plan =
        plan(
            folders,
            RetentionPolicy.builder()
                .keepLast(2)
                .keepDaily(2)
                .keepWithin(RetentionPolicy.Within.parse("13h"))
                .build(),
            NEW_YEAR_2024);

    assertEquals(
        List.of(
            "shop-20230303T210000Z",
            "shop-20230303T150000Z",
            "shop-20230303T090000Z",
            "shop-20230302T210000Z"),
        keptIds(plan));
    Map<String, List<String>> why = reasons(plan);
    assertEquals(
        List.of("within 13h", "last snapshot", "daily snapshot"), why.get("shop-20230303T210000Z"));
    assertEquals(List.of("within 13h", "last snapshot"), why.get("shop-20230303T150000Z"));
    assertEquals(List.of("within 13h"), why.get("shop-20230303T090000Z"));
    assertEquals(List.of("daily snapshot"), why.get("shop-20230302T210000Z"));
  }

  @Test
  void snapshotsTakenInTheSameSecondAreOrderedByIdAndCountedApart() {
    Instant t = Instant.parse("2023-03-01T03:00:00Z");
    HeldSnapshot first = snapshot(t);
    HeldSnapshot second = held(first.id() + "-2", first.id() + "-2", false, t, t);
    HeldSnapshot dayBefore = snapshot(t.minus(DAY));

    RetentionPlan daily =
        plan(
            List.of(first, dayBefore, second),
            RetentionPolicy.builder().keepDaily(1).build(),
            NEW_YEAR_2024);
    assertEquals(List.of(second.id()), keptIds(daily));
    assertEquals(
        List.of(second.id(), first.id(), dayBefore.id()),
        daily.decisions().stream().map(d -> d.snapshot().id()).toList());

    RetentionPlan last =
        plan(
            List.of(first, dayBefore, second),
            RetentionPolicy.builder().keepLast(2).build(),
            NEW_YEAR_2024);
    assertEquals(List.of(second.id(), first.id()), keptIds(last));
  }

  @Test
  void theInputOrderDoesNotMatter() {
    List<HeldSnapshot> shuffled = new ArrayList<>(dailyIn2023());
    Collections.shuffle(shuffled, new java.util.Random(42));
    RetentionPolicy policy =
        RetentionPolicy.builder().keepDaily(7).keepWeekly(4).keepMonthly(12).build();

    assertEquals(plan(dailyIn2023(), policy, NEW_YEAR_2024), plan(shuffled, policy, NEW_YEAR_2024));
  }

  @Test
  void eachDatabaseIsPrunedOnItsOwn() {
    List<HeldSnapshot> folders = new ArrayList<>();
    for (int day = 1; day <= 3; day++) {
      folders.add(snapshot("shop", Instant.parse("2023-03-0" + day + "T03:00:00Z")));
      folders.add(snapshot("crm", Instant.parse("2023-02-0" + day + "T03:00:00Z")));
    }
    RetentionPlan plan =
        plan(folders, RetentionPolicy.builder().keepLast(1).build(), NEW_YEAR_2024);

    assertEquals(List.of("shop-20230303T030000Z", "crm-20230203T030000Z"), keptIds(plan));
  }

  @Test
  void theDatabaseIsTheIdWithoutItsTimeAndCounter() {
    assertEquals("shop", RetentionPlan.database("shop-20230303T030000Z"));
    assertEquals("my-db", RetentionPlan.database("my-db-20230303T030000Z-2"));
    assertEquals("a%2Fb", RetentionPlan.database("a%2Fb-20230303T030000Z-12"));
  }

  @Test
  void theNewestCompleteSnapshotIsKeptByEveryPolicy() {
    List<HeldSnapshot> folders = dailyIn2023();
    List<RetentionPolicy> policies =
        List.of(
            RetentionPolicy.builder().keepLast(1).build(),
            RetentionPolicy.builder().keepHourly(1).build(),
            RetentionPolicy.builder().keepDaily(1).build(),
            RetentionPolicy.builder().keepWeekly(1).build(),
            RetentionPolicy.builder().keepMonthly(1).build(),
            RetentionPolicy.builder().keepYearly(1).build(),
            RetentionPolicy.builder().keepWithin(RetentionPolicy.Within.parse("1h")).build());
    for (Instant now : List.of(NEW_YEAR_2024, Instant.parse("2023-01-01T00:00:00Z"))) {
      for (RetentionPolicy policy : policies) {
        List<String> kept = keptIds(plan(folders, policy, now));
        assertEquals("shop-20231231T030000Z", kept.get(0), policy::describe);
      }
    }
  }

  @Test
  void abandonedPartialFoldersGoAndRecentOnesStay() {
    Instant now = Instant.parse("2023-03-10T12:00:00Z");
    HeldSnapshot abandoned =
        partial(Instant.parse("2023-03-08T03:00:00Z"), Instant.parse("2023-03-08T03:20:00Z"));
    HeldSnapshot exactlyAtThreshold =
        partial(Instant.parse("2023-03-09T11:00:00Z"), now.minus(DAY));
    HeldSnapshot running =
        partial(Instant.parse("2023-03-10T09:00:00Z"), now.minus(Duration.ofMinutes(5)));
    HeldSnapshot complete = snapshot(Instant.parse("2023-03-07T03:00:00Z"));

    RetentionPlan plan =
        plan(
            List.of(abandoned, complete, running, exactlyAtThreshold),
            RetentionPolicy.builder().keepLast(1).build(),
            now);

    assertEquals(
        List.of(running, exactlyAtThreshold, abandoned, complete),
        plan.decisions().stream().map(RetentionPlan.Decision::snapshot).toList());
    assertEquals(
        List.of(
            RetentionPlan.Action.KEEP,
            RetentionPlan.Action.KEEP,
            RetentionPlan.Action.REMOVE,
            RetentionPlan.Action.KEEP),
        plan.decisions().stream().map(RetentionPlan.Decision::action).toList());
    Map<String, List<String>> why =
        plan.decisions().stream()
            .collect(Collectors.toMap(d -> d.snapshot().name(), RetentionPlan.Decision::reasons));
    assertEquals(
        List.of("abandoned partial: unchanged for 56h40m, over 24h"),
        why.get("shop-20230308T030000Z.partial"));
    assertEquals(
        List.of(
            "partial, changed 5m ago: may be a running export (removed once unchanged for over"
                + " 24h)"),
        why.get("shop-20230310T090000Z.partial"));
    // A partial folder is no snapshot: keep-last 1 still keeps the newest complete one.
    assertEquals(List.of("last snapshot"), why.get("shop-20230307T030000Z"));
  }
}
