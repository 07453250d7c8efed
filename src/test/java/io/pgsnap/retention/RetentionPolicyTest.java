package io.pgsnap.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Validating and describing a policy; restic's {@code --keep-within} syntax. */
class RetentionPolicyTest {
  @Test
  void aPolicyWithoutAnyRuleIsAUsageError() {
    PgsnapException e =
        assertThrows(PgsnapException.class, () -> RetentionPolicy.builder().build());
    assertEquals(ErrorCode.USAGE, e.code());
    assertEquals(
        "prune needs at least one --keep option (--keep-last, --keep-within, --keep-hourly,"
            + " --keep-daily, --keep-weekly, --keep-monthly or --keep-yearly),"
            + " e.g. --keep-daily 7 --keep-weekly 4",
        e.getMessage());
  }

  @Test
  void aNegativeCountNamesItsOption() {
    PgsnapException e =
        assertThrows(PgsnapException.class, () -> RetentionPolicy.builder().keepWeekly(-2).build());
    assertEquals(ErrorCode.USAGE, e.code());
    assertEquals(
        "--keep-weekly must be a number of snapshots or 'unlimited', not -2", e.getMessage());
  }

  @Test
  void describesItselfAsResticDoes() {
    assertEquals(
        "keep 3 latest, 7 daily, all monthly snapshots and all snapshots within 1y6m of the"
            + " newest",
        RetentionPolicy.builder()
            .keepLast(3)
            .keepDaily(7)
            .keepMonthly(RetentionPolicy.UNLIMITED)
            .keepWithin(RetentionPolicy.Within.parse("1y6m"))
            .build()
            .describe());
    assertEquals(
        "keep all snapshots within 30d of the newest",
        RetentionPolicy.builder()
            .keepWithin(RetentionPolicy.Within.parse("30d"))
            .build()
            .describe());
  }

  @Test
  void spansParseAndPrintInResticsSyntax() {
    assertEquals(new RetentionPolicy.Within(0, 0, 30, 0), RetentionPolicy.Within.parse("30d"));
    assertEquals(new RetentionPolicy.Within(2, 5, 7, 3), RetentionPolicy.Within.parse("2y5m7d3h"));
    assertEquals(new RetentionPolicy.Within(0, 6, 0, 12), RetentionPolicy.Within.parse("12h6m"));
    assertEquals("2y5m7d3h", RetentionPolicy.Within.parse("3h7d5m2y").toString());
    assertEquals("1y", RetentionPolicy.Within.parse(" 1y ").toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "30", "d", "30x", "30 d", "1d2d", "-1d", "30D", "1w"})
  void anythingElseIsAUsageErrorThatShowsTheSyntax(String text) {
    PgsnapException e =
        assertThrows(PgsnapException.class, () -> RetentionPolicy.Within.parse(text));
    assertEquals(ErrorCode.USAGE, e.code());
    assertEquals(
        "--keep-within '"
            + text
            + "' is not a span: use years, months, days and hours as restic does,"
            + " e.g. 30d, 1y6m or 2y5m7d3h (m means months)",
        e.getMessage());
  }

  @Test
  void aZeroSpanIsRefused() {
    PgsnapException e =
        assertThrows(PgsnapException.class, () -> RetentionPolicy.Within.parse("0d0h"));
    assertEquals(
        "--keep-within must be longer than zero: e.g. 30d; leave it out to turn the rule off",
        e.getMessage());
  }

  @Test
  void spansCountBackInCalendarUnitsAsGoDoes() {
    Instant t = Instant.parse("2024-03-31T10:00:00Z");
    assertEquals(
        Instant.parse("2024-03-02T10:00:00Z"), RetentionPolicy.Within.parse("1m").before(t));
    assertEquals(
        Instant.parse("2023-03-31T10:00:00Z"), RetentionPolicy.Within.parse("1y").before(t));
    assertEquals(
        Instant.parse("2024-03-01T08:00:00Z"), RetentionPolicy.Within.parse("30d2h").before(t));
    assertEquals(
        Instant.parse("2022-12-31T10:00:00Z"), RetentionPolicy.Within.parse("1y3m").before(t));
  }
}
