package io.pgsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.TypeConversionException;

class SizeConverterTest {
  @ParameterizedTest
  @CsvSource({
    "64MiB, 67108864",
    "64M, 67108864",
    "512k, 524288",
    "2 GiB, 2147483648",
    "1TiB, 1099511627776",
    "8192, 8192",
    "100B, 100"
  })
  void sizesAreReadInBinaryUnits(String text, long bytes) {
    assertEquals(bytes, Converters.SizeConverter.parse(text));
  }

  @Test
  void aSizeWithoutANumberIsRefusedWithExamples() {
    TypeConversionException e =
        assertThrows(TypeConversionException.class, () -> Converters.SizeConverter.parse("big"));
    assertEquals("'big' is not a size: use e.g. 64MiB, 512KiB or 2GiB", e.getMessage());
  }
}
