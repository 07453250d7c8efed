package io.pgsnap.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FingerprintTest {
  /** Two rows of (id, note, tags): a note with every character CSV and COPY text escape. */
  private static final String TEXT_ROWS =
      "1\tsays \"hi\", then\\nleaves\\\\\t{a,b}\n" + "2\t\\N\t\n";

  private static final String CSV_ROWS =
      "id,note,tags\n" + "1,\"says \"\"hi\"\", then\nleaves\\\",\"{a,b}\"\n" + "2,,\"\"\n";

  private static final String JSON_ROWS =
      "{\"id\":1,\"note\":\"says \\\"hi\\\", then\\nleaves\\\\\",\"tags\":\"{a,b}\"}\n"
          + "{\"tags\":\"\",\"id\":2,\"note\":null}\n";

  @Test
  void aRowDigestIsTheSha256OfItsLengthPrefixedValues() throws Exception {
    RowDigests digests = new RowDigests();
    byte[] a = "a".getBytes(StandardCharsets.UTF_8);
    digests.addValue(a, 0, 1);
    digests.addNull();
    digests.endRow();

    byte[] layout = {0, 0, 0, 1, 'a', (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(layout));
    assertEquals(new Fingerprint(1, expected), digests.fingerprint());
  }

  @Test
  void theSumOfRowDigestsWrapsAround256Bits() {
    Fingerprint high = new Fingerprint(1, "f".repeat(64));
    Fingerprint two = new Fingerprint(1, "0".repeat(63) + "2");

    assertEquals(new Fingerprint(2, "0".repeat(63) + "1"), high.plus(two));
  }

  @Test
  void theRunningSumCarriesBetweenWordsAsA256BitNumberDoes() throws Exception {
    RowDigests digests = new RowDigests();
    BigInteger expected = BigInteger.ZERO;
    for (int i = 0; i < 2000; i++) {
      byte[] value = Integer.toString(i).getBytes(StandardCharsets.UTF_8);
      digests.addValue(value, 0, value.length);
      digests.endRow();
      byte[] layout = new byte[4 + value.length];
      layout[3] = (byte) value.length;
      System.arraycopy(value, 0, layout, 4, value.length);
      expected =
          expected.add(new BigInteger(1, MessageDigest.getInstance("SHA-256").digest(layout)));
    }

    String sum = expected.mod(BigInteger.TWO.pow(256)).toString(16);
    assertEquals(new Fingerprint(2000, "0".repeat(64 - sum.length()) + sum), digests.fingerprint());
  }

  @Test
  void csvTextAndJsonLinesOfTheSameRowsHaveTheSameFingerprint() throws IOException {
    Fingerprint text = text(3, TEXT_ROWS.split("(?<=\n)"));
    Fingerprint csv = csv(3, CSV_ROWS);
    Fingerprint json = json(List.of("id", "note", "tags"), JSON_ROWS);

    assertEquals(2, text.rows());
    assertEquals(text, csv);
    assertEquals(text, json);
  }

  @Test
  void csvFedInPiecesOfOneByteGivesTheSameFingerprint() {
    CsvRows csv = new CsvRows(3);
    byte[] bytes = CSV_ROWS.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      csv.feed(bytes, i, 1);
    }

    assertEquals(Optional.empty(), csv.finish());
    assertEquals(csv(3, CSV_ROWS), csv.fingerprint());
  }

  @Test
  void rowOrderDoesNotChangeTheFingerprint() {
    assertEquals(text(2, "1\ta\n", "2\tb\n"), text(2, "2\tb\n", "1\ta\n"));
  }

  @Test
  void oneChangedValueChangesTheFingerprint() {
    assertNotEquals(text(2, "1\ta\n", "2\tb\n"), text(2, "1\ta\n", "2\tc\n"));
  }

  @Test
  void nullAndTheEmptyStringDiffer() {
    assertNotEquals(text(1, "\\N\n"), text(1, "\n"));
  }

  @Test
  void valuesCannotShiftAcrossColumns() {
    assertNotEquals(text(2, "ab\tc\n"), text(2, "a\tbc\n"));
  }

  @Test
  void theFingerprintsOfPartsAddUpToTheWhole() {
    assertEquals(text(1, "1\n", "2\n", "3\n"), text(1, "1\n").plus(text(1, "2\n", "3\n")));
  }

  @Test
  void rowsWithoutColumnsAreCountedInCsvAndText() {
    CsvRows csv = new CsvRows(0);
    byte[] bytes = "\n\n\n".getBytes(StandardCharsets.UTF_8);
    csv.feed(bytes, 0, bytes.length);

    assertEquals(Optional.empty(), csv.finish());
    assertEquals(text(0, "\n", "\n"), csv.fingerprint());
    assertEquals(2, csv.fingerprint().rows());
  }

  @Test
  void csvEndingInsideQuotesIsMalformed() {
    CsvRows csv = new CsvRows(1);
    byte[] bytes = "v\n\"open\n".getBytes(StandardCharsets.UTF_8);
    csv.feed(bytes, 0, bytes.length);

    assertEquals(Optional.of("it ends inside a quoted value"), csv.finish());
  }

  @Test
  void csvWithAnotherNumberOfValuesIsMalformed() {
    CsvRows csv = new CsvRows(2);
    byte[] bytes = "a,b\n1,2,3\n".getBytes(StandardCharsets.UTF_8);
    csv.feed(bytes, 0, bytes.length);

    assertEquals(Optional.of("a record holds 3 values, the file's columns are 2"), csv.finish());
  }

  @Test
  void jsonWithAnUnknownColumnIsNamed() throws IOException {
    JsonRows rows = new JsonRows(List.of("id"));

    assertEquals(
        Optional.of("line 1: column \"idx\" is not one of the file's columns"),
        rows.read(new ByteArrayInputStream("{\"idx\":1}\n".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void aLargeValueDigestedInPlaceHasTheFingerprintOfOneLaidOut() {
    byte[] row =
        ("1\t" + "ab\\\\c\\nü".repeat(20_000) + "\t\\N\n").getBytes(StandardCharsets.UTF_8);
    TextRows inPlace = new TextRows(3);
    TextRows laidOut = new TextRows(3, (values, length, digest) -> {});

    inPlace.add(row);
    laidOut.add(row);

    assertEquals(laidOut.fingerprint(), inPlace.fingerprint());
  }

  @Test
  void csvValuesFoundWholeInAPieceHaveTheFingerprintOfValuesSplitAcrossPieces() {
    String value = "a\"\"b,c\nü".repeat(20_000);
    byte[] bytes =
        ("id,v\n1,\"" + value + "\"\n2," + "x".repeat(70_000) + "\n")
            .getBytes(StandardCharsets.UTF_8);
    CsvRows whole = new CsvRows(2);
    CsvRows pieces = new CsvRows(2);

    whole.feed(bytes, 0, bytes.length);
    for (int i = 0; i < bytes.length; i += 1000) {
      pieces.feed(bytes, i, Math.min(1000, bytes.length - i));
    }

    assertEquals(Optional.empty(), whole.finish());
    assertEquals(Optional.empty(), pieces.finish());
    assertEquals(pieces.fingerprint(), whole.fingerprint());
  }

  @Test
  void aSumThatIsNotHexIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Fingerprint(1, "G".repeat(64)));
  }

  @Test
  void textEscapesStandForTheirCharacters() {
    byte[] escaped = "\\b\\f\\n\\r\\t\\v\\\\\\101\\x41".getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[escaped.length];

    int end = CopyText.unescape(escaped, 0, escaped.length, out, 0);

    assertEquals(
        new BigInteger(1, "\b\f\n\r\t\u000b\\AA".getBytes(StandardCharsets.US_ASCII)),
        new BigInteger(1, java.util.Arrays.copyOf(out, end)));
  }

  private static Fingerprint text(int columns, String... rows) {
    TextRows text = new TextRows(columns);
    for (String row : rows) {
      text.add(row.getBytes(StandardCharsets.UTF_8));
    }
    return text.fingerprint();
  }

  private static Fingerprint csv(int columns, String content) {
    CsvRows csv = new CsvRows(columns);
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    csv.feed(bytes, 0, bytes.length);
    assertEquals(Optional.empty(), csv.finish());
    return csv.fingerprint();
  }

  private static Fingerprint json(List<String> columns, String content) throws IOException {
    JsonRows rows = new JsonRows(columns);
    assertEquals(
        Optional.empty(),
        rows.read(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8))));
    return rows.fingerprint();
  }
}
