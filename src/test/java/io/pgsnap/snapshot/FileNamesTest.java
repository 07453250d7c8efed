package io.pgsnap.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.catalog.TableId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class FileNamesTest {
  /** What the manifest schema allows after {@code tables/}. */
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_%~-][A-Za-z0-9_%.~-]*");

  /** Percent escapes are always whole: a {@code %} followed by two upper-case hex digits. */
  private static final Pattern WHOLE_ESCAPES = Pattern.compile("([^%]|%[0-9A-F]{2})*");

  @ParameterizedTest
  @CsvSource({
    "public.orders.csv.zst, 1, public.orders.p001.csv.zst",
    "public.orders.jsonl, 12, public.orders.p012.jsonl",
    "public.mixedcase~2.csv.gz, 3, public.mixedcase~2.p003.csv.gz",
    "public.dotted%2Ename.csv, 2, public.dotted%2Ename.p002.csv"
  })
  void aPartFileTakesItsNumberBeforeTheExtensions(String tableFile, int number, String part) {
    assertEquals(part, FileNames.partFile(tableFile, number));
  }

  @Test
  void lettersDigitsUnderscoreAndHyphenAreKept() {
    assertEquals("Orders_2026-q1", FileNames.escape("Orders_2026-q1"));
  }

  @Test
  void dotIsEscapedSoTheSchemaSeparatorStaysUnambiguous() {
    assertEquals("a%2Eb", FileNames.escape("a.b"));
  }

  @Test
  void spaceIsEscaped() {
    assertEquals("order%20lines", FileNames.escape("order lines"));
  }

  @Test
  void nonAsciiIsEscapedAsUtf8Bytes() {
    assertEquals("%C3%BC%E6%97%A5%F0%9F%98%80", FileNames.escape("ü日😀"));
  }

  @Test
  void quotesAreEscaped() {
    assertEquals("%22q%22%27s%27%60b%60", FileNames.escape("\"q\"'s'`b`"));
  }

  @Test
  void slashesAreEscaped() {
    assertEquals("%2E%2E%2Fetc%2Fpasswd%5Cx", FileNames.escape("../etc/passwd\\x"));
  }

  @Test
  void percentIsEscapedSoEscapesStayUnambiguous() {
    assertEquals("100%25%2520", FileNames.escape("100%%20"));
  }

  @Test
  void controlCharactersAndTildeAreEscaped() {
    assertEquals("a%0Ab%00c%7E", FileNames.escape("a\nb\0c~"));
  }

  @Test
  void emptyTextStaysEmpty() {
    assertEquals("", FileNames.escape(""));
  }

  @ParameterizedTest
  @CsvSource({
    "CSV, ZSTD, public.orders.csv.zst",
    "CSV, GZIP, public.orders.csv.gz",
    "CSV, NONE, public.orders.csv",
    "JSONL, ZSTD, public.orders.jsonl.zst",
    "JSONL, GZIP, public.orders.jsonl.gz",
    "JSONL, NONE, public.orders.jsonl"
  })
  void tableFileIsSchemaDotTableWithFormatAndCompressionExtensions(
      DataFormat format, Compression compression, String expected) {
    assertEquals(
        expected,
        FileNames.tableFile(new TableId("public", "orders"), format, compression, Set.of()));
  }

  @Test
  void tableFileEscapesBothParts() {
    assertEquals(
        "my%2Eschema.Weird%2EName%20%C3%BC.csv.zst",
        FileNames.tableFile(
            new TableId("my.schema", "Weird.Name ü"), DataFormat.CSV, Compression.ZSTD, Set.of()));
  }

  @Test
  void schemaAndTableSplitDifferentlyGetDifferentFiles() {
    String a =
        FileNames.tableFile(new TableId("a.b", "c"), DataFormat.CSV, Compression.ZSTD, Set.of());
    String b =
        FileNames.tableFile(new TableId("a", "b.c"), DataFormat.CSV, Compression.ZSTD, Set.of());

    assertNotEquals(a, b);
  }

  @Test
  void nameThatDiffersOnlyInCaseFromATakenOneGetsSuffix2() {
    Set<String> taken = new HashSet<>(Set.of("public.Orders.csv.zst"));

    assertEquals(
        "public.orders~2.csv.zst",
        FileNames.tableFile(
            new TableId("public", "orders"), DataFormat.CSV, Compression.ZSTD, taken));
  }

  @Test
  void thirdCaseInsensitiveClashGetsSuffix3() {
    Set<String> taken = new HashSet<>();
    for (String name : new String[] {"orders", "Orders", "ORDERS"}) {
      taken.add(
          FileNames.tableFile(
              new TableId("public", name), DataFormat.CSV, Compression.ZSTD, taken));
    }

    assertEquals(
        Set.of("public.orders.csv.zst", "public.Orders~2.csv.zst", "public.ORDERS~3.csv.zst"),
        taken);
  }

  @Test
  void nonAsciiNamesThatDifferInCaseDoNotClash() {
    Set<String> taken = new HashSet<>();
    taken.add(
        FileNames.tableFile(new TableId("public", "ü"), DataFormat.CSV, Compression.ZSTD, taken));

    assertEquals(
        "public.%C3%9C.csv.zst",
        FileNames.tableFile(new TableId("public", "Ü"), DataFormat.CSV, Compression.ZSTD, taken));
  }

  @Test
  void overLongNameIsShortenedWithAHashWithin255BytesIncludingExtensions() {
    String file =
        FileNames.tableFile(
            new TableId("public", "x".repeat(400)), DataFormat.JSONL, Compression.ZSTD, Set.of());

    assertTrue(
        file.matches("public\\.x{176}~[0-9a-f]{16}\\.jsonl\\.zst"),
        () -> file + " is not shortened");
    assertTrue(file.getBytes(StandardCharsets.UTF_8).length <= 255, file);
  }

  @Test
  void overLongNamesWithTheSameBeginningGetDifferentHashes() {
    TableId a = new TableId("public", "x".repeat(300) + "a");
    TableId b = new TableId("public", "x".repeat(300) + "b");

    assertNotEquals(
        FileNames.tableFile(a, DataFormat.CSV, Compression.ZSTD, Set.of()),
        FileNames.tableFile(b, DataFormat.CSV, Compression.ZSTD, Set.of()));
  }

  @Test
  void overLongNameIsShortenedTheSameWayEveryTime() {
    TableId table = new TableId("public", "y".repeat(300));

    assertEquals(
        FileNames.tableFile(table, DataFormat.CSV, Compression.GZIP, Set.of()),
        FileNames.tableFile(table, DataFormat.CSV, Compression.GZIP, Set.of()));
  }

  @Test
  void longestPossibleIdentifiersWithClashSuffixStayWithin255Bytes() {
    // PostgreSQL identifiers hold at most 63 bytes; four-byte characters escape to 12 bytes each.
    String longest = "😀".repeat(15) + "abc";
    TableId table = new TableId(longest, longest);
    Set<String> taken = new HashSet<>();
    for (int i = 0; i < 12; i++) {
      taken.add(FileNames.tableFile(table, DataFormat.JSONL, Compression.GZIP, taken));
    }

    for (String file : taken) {
      assertTrue(file.getBytes(StandardCharsets.UTF_8).length <= 255, file);
      assertTrue(SAFE_NAME.matcher(file).matches(), file);
    }
    assertEquals(12, taken.size());
  }

  @Test
  void shortenedNameNeverEndsInAPartialEscape() {
    // "public." is 7 characters and each "ü" escapes to 6, so the 183-character cut falls two
    // characters into an escape.
    String file =
        FileNames.tableFile(
            new TableId("public", "ü".repeat(100)), DataFormat.CSV, Compression.ZSTD, Set.of());

    assertEquals("public." + "%C3%BC".repeat(29) + "~" + hashOf(file) + ".csv.zst", file);
  }

  @Test
  void shortenedNameNeverEndsInAPartialCharacter() {
    // With 5 characters of padding the cut falls between the two bytes of a "ü".
    String file =
        FileNames.tableFile(
            new TableId("public", "ppppp" + "ü".repeat(100)),
            DataFormat.CSV,
            Compression.ZSTD,
            Set.of());

    assertEquals("public.ppppp" + "%C3%BC".repeat(28) + "~" + hashOf(file) + ".csv.zst", file);
  }

  @Test
  void shortenedNamesDecodeToWholeCharactersAtEveryCutPosition() {
    for (int padding = 0; padding < 12; padding++) {
      String file =
          FileNames.tableFile(
              new TableId("public", "p".repeat(padding) + "日😀".repeat(40)),
              DataFormat.CSV,
              Compression.NONE,
              Set.of());
      String stem = file.substring(0, file.indexOf('~'));

      assertTrue(WHOLE_ESCAPES.matcher(stem).matches(), file);
      assertTrue(decodesAsUtf8(stem), file);
    }
  }

  private static String hashOf(String file) {
    int tilde = file.indexOf('~');
    return file.substring(tilde + 1, tilde + 17);
  }

  /** Whether the percent-escaped {@code text} is well-formed UTF-8 once unescaped. */
  private static boolean decodesAsUtf8(String text) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '%') {
        bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.write(text.charAt(i));
      }
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void namesWithEveryKindOfCharacterAreSafeForTheTablesFolder(Compression compression) {
    TableId table = new TableId("../..", "/etc/passwd\0\n\"'` ~%.ü");

    String file = FileNames.tableFile(table, DataFormat.CSV, compression, Set.of());

    assertTrue(SAFE_NAME.matcher(file).matches(), file);
  }

  @Test
  void snapshotIdIsDatabaseAndUtcSecond() {
    assertEquals(
        "shop-20261123T091545Z", SnapshotIds.of("shop", Instant.parse("2026-11-23T09:15:45Z")));
  }

  @Test
  void snapshotIdDropsFractionsOfASecondRatherThanRounding() {
    assertEquals(
        "shop-20261231T235959Z",
        SnapshotIds.of("shop", Instant.parse("2026-12-31T23:59:59.999999999Z")));
  }

  @Test
  void snapshotIdEscapesTheDatabaseName() {
    assertEquals(
        "my%20db%2Eprod%C3%BC-20260102T030405Z",
        SnapshotIds.of("my db.prodü", Instant.parse("2026-01-02T03:04:05Z")));
  }

  @Test
  void snapshotIdOfADatabaseNameWithASlashIsOneFolderName() {
    String id = SnapshotIds.of("../x/y", Instant.parse("2026-01-02T03:04:05Z"));

    assertEquals("%2E%2E%2Fx%2Fy-20260102T030405Z", id);
  }
}
