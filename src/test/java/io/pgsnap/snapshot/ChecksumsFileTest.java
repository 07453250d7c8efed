package io.pgsnap.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChecksumsFileTest {
  private static final String A = "a".repeat(64);
  private static final String B = "0123456789abcdef".repeat(4);

  private static ChecksumsFile parse(String text) {
    return ChecksumsFile.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsSha256sumLinesInOrder() {
    ChecksumsFile sums = parse(B + "  tables/public.b.csv.zst\n" + A + "  tables/public.a.csv\n");
    assertEquals(
        List.of("tables/public.b.csv.zst", "tables/public.a.csv"),
        List.copyOf(sums.entries().keySet()));
    assertEquals(B, sums.entries().get("tables/public.b.csv.zst"));
    assertEquals(List.of(), sums.malformed());
  }

  @Test
  void acceptsBinaryModeAndUpperCaseHex() {
    ChecksumsFile sums = parse(B.toUpperCase() + " *tables/x.csv\n");
    assertEquals(Map.of("tables/x.csv", B), sums.entries());
  }

  @Test
  void anEmptyFileHasNoEntries() {
    assertEquals(new ChecksumsFile(Map.of(), List.of()), parse(""));
  }

  @Test
  void aLastLineWithoutNewlineIsStillAnEntry() {
    assertEquals(Map.of("tables/x.csv", A), parse(A + "  tables/x.csv").entries());
  }

  @Test
  void malformedLinesAreNamedByNumber() {
    ChecksumsFile sums =
        parse(A + "  tables/a.csv\nnot a checksum line\n\n" + A.substring(1) + "  tables/b.csv\n");
    assertEquals(
        List.of(
            "line 2 is not '<sha256>  <file>' as sha256sum writes it",
            "line 3 is not '<sha256>  <file>' as sha256sum writes it",
            "line 4 is not '<sha256>  <file>' as sha256sum writes it"),
        sums.malformed());
    assertEquals(Map.of("tables/a.csv", A), sums.entries());
  }

  @Test
  void aFileListedTwiceIsMalformed() {
    ChecksumsFile sums = parse(A + "  tables/a.csv\n" + B + "  tables/a.csv\n");
    assertEquals(List.of("line 2 lists tables/a.csv a second time"), sums.malformed());
    assertEquals(Map.of("tables/a.csv", A), sums.entries());
  }
}
