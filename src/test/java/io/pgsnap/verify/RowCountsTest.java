package io.pgsnap.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.snapshot.DataFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RowCountsTest {
  /** Counts {@code text} as CSV of the columns its header names. */
  private static RowCounts.Count csv(String text) throws IOException {
    return RowCounts.count(DataFormat.CSV, headerColumns(text), stream(text));
  }

  private static List<String> headerColumns(String text) {
    List<String> columns = new ArrayList<>();
    boolean quoted = false;
    StringBuilder name = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == ',' || c == '\n')) {
        columns.add(name.toString());
        name.setLength(0);
        if (c == '\n') {
          break;
        }
      } else {
        name.append(c);
      }
    }
    return columns.size() == 1 && columns.get(0).isEmpty() ? List.of() : columns;
  }

  /** Counts {@code text} as JSON Lines of one column, {@code v} or {@code a}. */
  private static RowCounts.Count jsonl(String text) throws IOException {
    return RowCounts.count(
        DataFormat.JSONL, List.of(text.startsWith("{\"v\"") ? "v" : "a"), stream(text));
  }

  private static List<Object> figures(RowCounts.Count count) {
    return List.of(count.rows(), count.bytes(), count.malformed());
  }

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void csvCountsRecordsAfterTheHeader() throws IOException {
    assertEquals(List.of(3L, 9L, Optional.empty()), figures(csv("id\n1\n2\n3\n")));
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
    String text = "{\"a\":1}\n{\"a\":\"x\\ny\"}\n{\"a\":null}\n";
    assertEquals(
        List.of(3L, (long) text.getBytes(StandardCharsets.UTF_8).length, Optional.empty()),
        figures(jsonl(text)));
  }

  @Test
  void anEmptyJsonLinesFileHasNoRows() throws IOException {
    assertEquals(List.of(0L, 0L, Optional.empty()), figures(jsonl("")));
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
  void aJsonValueBeyondTheParsersDefaultLimitIsRead() throws IOException {
    // Larger than the parser's default limit on a string it would hold (20 million characters).
    String big = "x".repeat(25_000_000);
    assertEquals(1, jsonl("{\"v\":\"" + big + "\"}\n").rows());
  }
}
