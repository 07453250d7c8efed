package io.pgsnap.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AgesTest {
  @Test
  void secondsMinutesHoursAndDays() {
    assertEquals("0s", Ages.human(Duration.ZERO));
    assertEquals("42s", Ages.human(Duration.ofSeconds(42)));
    assertEquals("12m05s", Ages.human(Duration.ofSeconds(12 * 60 + 5)));
    assertEquals("12m", Ages.human(Duration.ofMinutes(12)));
    assertEquals("3h12m", Ages.human(Duration.ofMinutes(3 * 60 + 12)));
    assertEquals("26h", Ages.human(Duration.ofHours(26)));
    assertEquals("27h05m", Ages.human(Duration.ofMinutes(27 * 60 + 5)));
    assertEquals("71h59m", Ages.human(Duration.ofMinutes(72 * 60 - 1)));
    assertEquals("3d", Ages.human(Duration.ofHours(72)));
    assertEquals("5d03h", Ages.human(Duration.ofHours(5 * 24 + 3)));
  }

  @Test
  void secondsBelowTheShownUnitsAreDropped() {
    assertEquals("3h12m", Ages.human(Duration.ofSeconds(3 * 3600 + 12 * 60 + 59)));
  }

  @Test
  void aNegativeAgeReadsAsZero() {
    assertEquals("0s", Ages.human(Duration.ofMinutes(-5)));
  }
}
