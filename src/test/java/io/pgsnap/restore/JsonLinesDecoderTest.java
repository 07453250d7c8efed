package io.pgsnap.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesDecoderTest {
  private static String decode(List<String> columns, String jsonLines) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new JsonLinesDecoder(columns, "tables/t.jsonl")
        .decode(
            new ByteArrayInputStream(jsonLines.getBytes(StandardCharsets.UTF_8)),
            out,
            (rows, bytes) -> {});
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void nullBecomesBackslashNAndTheTextNullStaysText() throws IOException {
    assertEquals(
        "\\N\t\\\\N\tNULL\n",
        decode(List.of("a", "b", "c"), "{\"a\":null,\"b\":\"\\\\N\",\"c\":\"NULL\"}\n"));
  }

  @Test
  void numbersKeepTheirExactText() throws IOException {
    assertEquals(
        "9223372036854775807\t-0\n",
        decode(List.of("a", "b"), "{\"a\":9223372036854775807,\"b\":-0}\n"));
  }

  @Test
  void booleansBecomeTAndF() throws IOException {
    assertEquals("t\tf\n", decode(List.of("a", "b"), "{\"a\":true,\"b\":false}\n"));
  }

  @Test
  void backslashNewlineCarriageReturnAndTabAreEscapedForCopy() throws IOException {
    assertEquals("a\\\\b\\nc\\rd\\te\n", decode(List.of("x"), "{\"x\":\"a\\\\b\\nc\\rd\\te\"}\n"));
  }

  @Test
  void theEmptyStringStaysEmpty() throws IOException {
    assertEquals("\t\n", decode(List.of("a", "b"), "{\"a\":\"\",\"b\":\"\"}\n"));
  }

  @Test
  void keysAreMatchedByNameWhateverTheirOrder() throws IOException {
    assertEquals("1\t2\n", decode(List.of("a", "b"), "{\"b\":\"2\",\"a\":\"1\"}\n"));
  }

  @Test
  void aRowOfAZeroColumnTableIsAnEmptyLine() throws IOException {
    assertEquals("\n\n", decode(List.of(), "{}\n{}\n"));
  }

  @Test
  void unicodeIsWrittenAsUtf8() throws IOException {
    assertEquals("ünï 😀\n", decode(List.of("a"), "{\"a\":\"ünï 😀\"}\n"));
  }

  @Test
  void aMissingColumnIsAMalformedFileNamingTheLine() {
    JsonLinesDecoder.MalformedFileException e =
        assertThrows(
            JsonLinesDecoder.MalformedFileException.class,
            () -> decode(List.of("a", "b"), "{\"a\":1,\"b\":2}\n{\"a\":1}\n"));

    assertEquals("tables/t.jsonl line 2: column \"b\" is missing", e.getMessage());
  }

  @Test
  void anUnknownColumnIsAMalformedFile() {
    JsonLinesDecoder.MalformedFileException e =
        assertThrows(
            JsonLinesDecoder.MalformedFileException.class,
            () -> decode(List.of("a"), "{\"a\":1,\"z\":2}\n"));

    assertTrue(e.getMessage().contains("column \"z\" is not one of the file's columns"));
  }

  @Test
  void brokenJsonIsAMalformedFileNamingTheLine() {
    JsonLinesDecoder.MalformedFileException e =
        assertThrows(
            JsonLinesDecoder.MalformedFileException.class,
            () -> decode(List.of("a"), "{\"a\":1}\n{\"a\":}\n{\"a\":2}\n"));

    assertTrue(
        e.getMessage().startsWith("tables/t.jsonl line 2 is not valid JSON: "), e.getMessage());
  }

  @Test
  void aFileThatEndsMidRowIsReportedAsTruncated() {
    JsonLinesDecoder.MalformedFileException e =
        assertThrows(
            JsonLinesDecoder.MalformedFileException.class,
            () -> decode(List.of("a"), "{\"a\":1}\n{\"a\":"));

    assertEquals(
        "tables/t.jsonl ends in the middle of a row: the file is truncated", e.getMessage());
  }

  @Test
  void nestedValuesAreAMalformedFile() {
    assertThrows(
        JsonLinesDecoder.MalformedFileException.class, () -> decode(List.of("a"), "{\"a\":[1]}\n"));
  }
}
