package io.pgsnap.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RowCountsTest {
  private static RowCounts.Count csv(String text) throws IOException {
    return RowCounts.csv(stream(text));
  }

  private static RowCounts.Count jsonl(String text) throws IOException {
    return RowCounts.jsonLines(stream(text));
  }

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void csvCountsRecordsAfterTheHeader() throws IOException {
    assertEquals(new RowCounts.Count(3, 9, Optional.empty()), csv("id\n1\n2\n3\n"));
  }

  @Test
  void csvWithOnlyAHeaderHasNoRows() throws IOException {
    assertEquals(0, csv("id,name\n").rows());
  }

  @Test
  void aNewlineInsideAQuotedValueDoesNotEndTheRecord() throws IOException {
    RowCounts.Count count = csv("id,note\n1,\"line one\nline two\"\n2,plain\n");
    assertEquals(2, count.rows());
    assertTrue(count.malformed().isEmpty());
  }

  @Test
  void doubledQuotesInsideAQuotedValueAreLiteralQuotes() throws IOException {
    assertEquals(2, csv("v\n\"say \"\"hi\"\"\nthere\"\n\"\"\"\"\n").rows());
  }

  @Test
  void aQuotedCarriageReturnAndNewlineStayInsideTheValue() throws IOException {
    assertEquals(1, csv("v\n\"a\r\nb\"\n").rows());
  }

  @Test
  void aHeaderWithAQuotedNewlineInAColumnNameIsOneRecord() throws IOException {
    assertEquals(1, csv("\"odd\ncolumn\"\n1\n").rows());
  }

  @Test
  void aTableWithoutColumnsHasAnEmptyHeaderAndEmptyRows() throws IOException {
    assertEquals(2, csv("\n\n\n").rows());
  }

  @Test
  void aLastRecordWithoutNewlineStillCounts() throws IOException {
    assertEquals(2, csv("v\n1\n2").rows());
  }

  @Test
  void csvEndingInsideQuotesIsMalformed() throws IOException {
    RowCounts.Count count = csv("v\n1\n\"cut\nshort");
    assertTrue(count.malformed().orElseThrow().startsWith("ends inside a quoted value"));
  }

  @Test
  void csvWithoutAnyRecordIsMalformed() throws IOException {
    assertTrue(csv("").malformed().orElseThrow().startsWith("has no CSV header line"));
  }

  @Test
  void csvCountsRecordsAcrossBufferBoundaries() throws IOException {
    StringBuilder text = new StringBuilder("v\n");
    for (int i = 0; i < 20_000; i++) {
      text.append("\"row ").append(i).append("\nwith a newline and \"\"quotes\"\"\"\n");
    }
    assertEquals(20_000, csv(text.toString()).rows());
  }

  @Test
  void jsonLinesCountsOneObjectPerLine() throws IOException {
    String text = "{\"id\":1,\"v\":\"a\\nb\"}\n{\"id\":2,\"v\":null}\n{}\n";
    assertEquals(
        new RowCounts.Count(3, text.getBytes(StandardCharsets.UTF_8).length, Optional.empty()),
        jsonl(text));
  }

  @Test
  void anEmptyJsonLinesFileHasNoRows() throws IOException {
    assertEquals(new RowCounts.Count(0, 0, Optional.empty()), jsonl(""));
  }

  @Test
  void twoObjectsOnOneLineAreMalformed() throws IOException {
    assertEquals(
        Optional.of(
            "is not well-formed JSON Lines: line 1 holds more than one JSON object; restore the"
                + " file from another copy or take a new snapshot"),
        jsonl("{\"a\":1}{\"a\":2}\n").malformed());
  }

  @Test
  void aBlankLineIsMalformed() throws IOException {
    assertTrue(jsonl("{\"a\":1}\n\n{\"a\":2}\n").malformed().orElseThrow().contains("empty line"));
    assertTrue(jsonl("{\"a\":1}\n\n").malformed().orElseThrow().contains("empty line"));
  }

  @Test
  void aLineThatIsNotAnObjectIsMalformed() throws IOException {
    assertTrue(
        jsonl("{\"a\":1}\n[1]\n")
            .malformed()
            .orElseThrow()
            .contains("line 2 is not a JSON object"));
  }

  @Test
  void invalidJsonIsMalformedAndNamesTheLine() throws IOException {
    RowCounts.Count count = jsonl("{\"a\":1}\n{\"a\":\n");
    assertTrue(count.malformed().orElseThrow().contains("not valid JSON"), count.toString());
    assertEquals(1, count.rows());
  }

  @Test
  void aLastLineWithoutNewlineIsMalformed() throws IOException {
    assertTrue(
        jsonl("{\"a\":1}\n{\"a\":2}")
            .malformed()
            .orElseThrow()
            .contains("does not end with a newline"));
  }

  @Test
  void aHugeJsonValueIsSkippedNotHeld() throws IOException {
    // Larger than the parser's default limit on a string it would hold (20 million characters).
    String big = "x".repeat(25_000_000);
    assertEquals(1, jsonl("{\"v\":\"" + big + "\"}\n").rows());
  }
}
