package io.pgsnap.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.fingerprint.KeyBuckets;
import io.pgsnap.fingerprint.RowKey;
import io.pgsnap.fingerprint.TextRows;
import io.pgsnap.verify.ContentComparison.DifferingKey;
import io.pgsnap.verify.ContentComparison.DifferingKey.Kind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link KeySearch} on rows in COPY's text format, as a live table sends them. */
class KeySearchTest {
  private static final Supplier<RowKey> ID =
      () -> RowKey.of(List.of("id", "v"), List.of("id")).orElseThrow();

  private static KeySearch.RowSource rows(List<String> rows) {
    return listener -> {
      TextRows text = new TextRows(2, listener);
      rows.forEach(r -> text.add(r.getBytes(StandardCharsets.UTF_8)));
      return text.fingerprint();
    };
  }

  private static KeySearch.Found find(List<String> first, List<String> second, int limit) {
    KeyBuckets secondBuckets = new KeyBuckets(ID.get());
    rows(second).read(secondBuckets);
    return KeySearch.find(ID, rows(first), secondBuckets, rows(second), limit);
  }

  private static DifferingKey key(Kind kind, String... values) {
    return new DifferingKey(kind, List.of(values));
  }

  @Test
  void aChangedRowAndRowsOnOneSideAreNamedByKindThenKey() {
    KeySearch.Found found =
        find(
            List.of("1\ta\n", "2\tb\n", "10\tc\n", "3\td\n"),
            List.of("1\ta\n", "2\tB\n", "3\td\n", "9\te\n"),
            10);

    assertEquals(
        List.of(
            key(Kind.CHANGED, "2"), key(Kind.ONLY_IN_FIRST, "10"), key(Kind.ONLY_IN_SECOND, "9")),
        found.keys());
    assertFalse(found.more());
  }

  @Test
  void equalSidesNameNothing() {
    KeySearch.Found found = find(List.of("1\ta\n", "2\tb\n"), List.of("2\tb\n", "1\ta\n"), 10);

    assertEquals(List.of(), found.keys());
    assertFalse(found.more());
  }

  @Test
  void theLimitCapsTheKeysAndSaysMoreDiffer() {
    List<String> before = IntStream.range(0, 50).mapToObj(i -> i + "\told\n").toList();
    List<String> after = IntStream.range(0, 50).mapToObj(i -> i + "\tnew\n").toList();

    KeySearch.Found found = find(before, after, 3);

    assertEquals(3, found.keys().size());
    assertTrue(found.keys().stream().allMatch(k -> k.kind() == Kind.CHANGED), found::toString);
    assertTrue(found.more());
  }

  @Test
  void aKeyTwiceOnOneSideIsChangedEvenWithTheSameValues() {
    KeySearch.Found found = find(List.of("1\ta\n", "1\ta\n"), List.of("1\ta\n"), 10);

    assertEquals(List.of(key(Kind.CHANGED, "1")), found.keys());
  }

  @Test
  void theFirstSidesFingerprintIsWhatTheSearchRead() {
    List<String> first = List.of("1\ta\n");

    assertEquals(rows(first).read((v, l, d) -> {}), find(first, List.of(), 10).firstRead());
  }
}
