package io.pgsnap.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
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

  /** Decodes {@code jsonLines} handed over {@code piece} bytes per read. */
  private static String decodeInPieces(List<String> columns, String jsonLines, int piece)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = new ByteArrayInputStream(jsonLines.getBytes(StandardCharsets.UTF_8));
    InputStream trickle =
        new FilterInputStream(in) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, piece));
          }
        };
    new JsonLinesDecoder(columns, "tables/t.jsonl").decode(trickle, out, (rows, bytes) -> {});
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void escapesAndMultiByteCharactersSplitAcrossReadsDecodeAsWhole() throws IOException {
    String line =
        "{\"a\":\"x\\\\y\\nz\\t\\r\\\"q\\/\\b\\f\\u00e9\\u20ac\\u0001ünï 😀\\ud83d\\ude00\",\"b\":-1.5e+3,\"c\":true}\n";
    String expected = "x\\\\y\\nz\\t\\r\"q/\b\fé€\u0001ünï 😀😀\t-1.5e+3\tt\n";

    for (int piece = 1; piece <= 8; piece++) {
      assertEquals(
          expected + expected,
          decodeInPieces(List.of("a", "b", "c"), line + line, piece),
          "read " + piece + " bytes at a time");
    }
  }

  @Test
  void aValueLongerThanTheReadBufferDecodesWhole() throws IOException {
    StringBuilder json = new StringBuilder("{\"a\":\"");
    StringBuilder copy = new StringBuilder();
    for (int i = 0; i < 40_000; i++) {
      json.append("ab\\\"ü😀\\n");
      copy.append("ab\"ü😀\\n");
    }
    json.append("\"}\n");

    assertEquals(copy + "\n", decodeInPieces(List.of("a"), json.toString(), 65_537));
    assertEquals(copy + "\n", decode(List.of("a"), json.toString()));
  }

  @Test
  void halfASurrogatePairIsAMalformedFile() {
    JsonLinesDecoder.MalformedFileException e =
        assertThrows(
            JsonLinesDecoder.MalformedFileException.class,
            () -> decode(List.of("a"), "{\"a\":\"\\ud83d x\"}\n"));

    assertEquals(
        "tables/t.jsonl line 1 is not valid JSON: a string holds half of a \\u surrogate pair,"
            + " which no text can hold",
        e.getMessage());
  }

  @Test
  void aColumnGivenTwiceIsAMalformedFile() {
    JsonLinesDecoder.MalformedFileException e =
        assertThrows(
            JsonLinesDecoder.MalformedFileException.class,
            () -> decode(List.of("a"), "{\"a\":1,\"a\":2}\n"));

    assertEquals("tables/t.jsonl line 1: column \"a\" appears twice", e.getMessage());
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
