package io.pgsnap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CompareOptionsTest {
  @Test
  void contentWithEstimatesIsAUsageError() {
    PgsnapException e =
        assertThrows(
            PgsnapException.class,
            () -> new CompareOptions(true, CompareOptions.DEFAULT_TOLERANCE, true, 0));

    assertEquals(ErrorCode.USAGE, e.code());
  }

  @Test
  void keysWithoutContentAreAUsageError() {
    PgsnapException e =
        assertThrows(PgsnapException.class, () -> CompareOptions.exact().withKeys(5));

    assertEquals(ErrorCode.USAGE, e.code());
    assertEquals(
        "--keys names the rows whose content differs; add --content to compare content",
        e.getMessage());
  }

  @Test
  void contentNamesKeysOnlyWhenAsked() {
    assertEquals(0, CompareOptions.exactWithContent().keys());
    assertEquals(7, CompareOptions.exactWithContent().withKeys(7).keys());
  }
}
