package io.pgsnap.verify;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.TableId;
import io.pgsnap.snapshot.LoggedOperation;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.ManifestTable;
import io.pgsnap.snapshot.OpenSnapshot;
import io.pgsnap.snapshot.SnapshotSource;
import io.pgsnap.verify.Comparison.Counting;
import io.pgsnap.verify.Comparison.Difference;
import io.pgsnap.verify.Comparison.Side;
import io.pgsnap.verify.Comparison.TableComparison;
import io.pgsnap.verify.ContentComparison.TableContent;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Compares two snapshots, offline, from their manifests: each table's row count, copied columns,
 * content fingerprint (or, when either snapshot has none, file checksum) and DDL, and the tables
 * only one of them has. The files themselves are not read: {@code pgsnap verify} checks that they
 * match their manifest.
 */
public final class SnapshotComparer {
  /** How many differing tables a log line names at most. */
  private static final int LOGGED_TABLES = 20;

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private final SnapshotSource first;
  private final SnapshotSource second;
  private final Clock clock;

  /**
   * A comparison of snapshot {@code first} (A) with snapshot {@code second} (B).
   *
   * @param first a complete snapshot; the log line goes to the folder that holds it, when it is in
   *     a local folder
   * @param second another complete snapshot, in a folder or a store such as a bucket
   * @param clock where the time of the log line comes from
   */
  public SnapshotComparer(SnapshotSource first, SnapshotSource second, Clock clock) {
    this.first = Objects.requireNonNull(first, "first");
    this.second = Objects.requireNonNull(second, "second");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Runs the comparison and logs it as one {@code compare} line in A's parent folder.
   *
   * @return what differs, table by table
   * @throws PgsnapException {@link ErrorCode#INTEGRITY} when a snapshot is incomplete or fails the
   *     checks of {@link SnapshotSource#open()} and {@link OpenSnapshot#checkAllFiles}; {@link
   *     ErrorCode#STORAGE} when a folder is missing
   */
  public Comparison compare() {
    return first
        .logged("compare", clock)
        .run(
            () -> {
              OpenSnapshot a = first.open().checkAllFiles();
              OpenSnapshot b = second.open().checkAllFiles();
              return compare(side("A", a), a.manifest(), side("B", b), b.manifest());
            },
            SnapshotComparer::outcome);
  }

  /**
   * Compares two manifests. Pure, so that unit tests can drive it.
   *
   * @param firstSide what to call the first snapshot
   * @param a the first snapshot's manifest
   * @param secondSide what to call the second snapshot
   * @param b the second snapshot's manifest
   * @return the comparison, with {@link Counting#RECORDED} counts
   */
  static Comparison compare(Side firstSide, Manifest a, Side secondSide, Manifest b) {
    Map<TableId, ManifestTable> before = byId(a);
    Map<TableId, ManifestTable> after = byId(b);
    TreeSet<TableId> all = new TreeSet<>(before.keySet());
    all.addAll(after.keySet());
    List<TableComparison> result = new ArrayList<>();
    List<TableId> checksumsNotCompared = new ArrayList<>();
    List<TableContent> contents = new ArrayList<>();
    boolean linesDiffer = false;
    for (TableId id : all) {
      ManifestTable x = before.get(id);
      ManifestTable y = after.get(id);
      if (y == null) {
        result.add(
            new TableComparison(id, x.rows(), null, List.of(Differences.onlyIn(firstSide, true))));
        continue;
      }
      if (x == null) {
        result.add(
            new TableComparison(
                id, null, y.rows(), List.of(Differences.onlyIn(secondSide, false))));
        continue;
      }
      List<Difference> differences = new ArrayList<>();
      if (x.rows() != y.rows()) {
        differences.add(Differences.rows());
      }
      Differences.kind(x.kind(), y.kind(), firstSide, secondSide).ifPresent(differences::add);
      Differences.columns(x.columns(), y.columns(), firstSide, secondSide)
          .ifPresent(differences::add);
      TableContent content =
          ContentDifferences.offline(
              x, a.formatVersion(), y, b.formatVersion(), firstSide, secondSide);
      contents.add(content);
      if (content.status() == ContentComparison.Status.DIFFERS) {
        differences.add(ContentDifferences.content());
      } else if (content.status() == ContentComparison.Status.NOT_COMPARED) {
        // Without fingerprints, checksums are what tells files apart; with them, a checksum
        // difference alone is only row order.
        checksum(x, y, firstSide, secondSide, checksumsNotCompared).ifPresent(differences::add);
      }
      Optional<Difference> ddl = Differences.ddl(x.ddl(), y.ddl(), true);
      Optional<Difference> attached = Differences.attached(x.attached(), y.attached());
      ddl.ifPresent(differences::add);
      attached.ifPresent(differences::add);
      linesDiffer |= ddl.isPresent() || attached.isPresent();
      result.add(new TableComparison(id, x.rows(), y.rows(), differences));
    }
    List<String> notes = new ArrayList<>();
    if (!checksumsNotCompared.isEmpty()) {
      notes.add(
          "checksums of "
              + checksumsNotCompared.size()
              + (checksumsNotCompared.size() == 1 ? " table were" : " tables were")
              + " not compared: "
              + firstSide.name()
              + " and "
              + secondSide.name()
              + " wrote them in different formats or compressions ("
              + a.options().format()
              + "/"
              + a.options().compression()
              + " and "
              + b.options().format()
              + "/"
              + b.options().compression()
              + "), and the same rows give the same checksum only in the same ones");
    }
    List<String> objects =
        Differences.objects(
            a.objects(), b.objects(), a.formatVersion() >= 4 && b.formatVersion() >= 4);
    if (linesDiffer || !objects.isEmpty()) {
      notes.add(Differences.lineMarks(firstSide, secondSide));
    }
    return new Comparison(
        firstSide,
        secondSide,
        Counting.RECORDED,
        result,
        objects,
        notes,
        new ContentComparison(true, contents));
  }

  /**
   * The files' checksums compared, if they can be: equal rows give equal files only in the same
   * format and compression (both are deterministic), and for tables stored in parts, in the same
   * block ranges; otherwise a checksum difference would say nothing, and the table is added to
   * {@code notCompared}.
   */
  private static Optional<Difference> checksum(
      ManifestTable x,
      ManifestTable y,
      Side firstSide,
      Side secondSide,
      List<TableId> notCompared) {
    if (x.format() != y.format()
        || x.compression() != y.compression()
        || !blockRanges(x).equals(blockRanges(y))) {
      notCompared.add(x.id());
      return Optional.empty();
    }
    if (fileChecksums(x).equals(fileChecksums(y))) {
      return Optional.empty();
    }
    return Optional.of(
        new Difference(
            Difference.Kind.CHECKSUM,
            "checksum differs",
            List.of(
                "the files differ in content or row order: sha256 "
                    + abbreviate(firstDifferent(x, y))
                    + " in "
                    + firstSide.name()
                    + ", "
                    + abbreviate(firstDifferent(y, x))
                    + " in "
                    + secondSide.name())));
  }

  /** The block ranges of a table's parts, empty for a table stored in one file. */
  private static List<List<Long>> blockRanges(ManifestTable table) {
    return table.parts().stream()
        .map(p -> java.util.Arrays.asList(p.fromBlock(), p.toBlock()))
        .toList();
  }

  private static List<String> fileChecksums(ManifestTable table) {
    return table.fileEntries().stream().map(ManifestTable::sha256).toList();
  }

  /** {@code x}'s checksum of the first file whose checksum differs from {@code y}'s. */
  private static String firstDifferent(ManifestTable x, ManifestTable y) {
    List<String> xs = fileChecksums(x);
    List<String> ys = fileChecksums(y);
    for (int i = 0; i < xs.size(); i++) {
      if (!xs.get(i).equals(ys.get(i))) {
        return xs.get(i);
      }
    }
    return xs.get(0);
  }

  /** A snapshot as one side of a comparison: its id, folder, and when and where it was taken. */
  static Side side(String name, OpenSnapshot snapshot) {
    Manifest m = snapshot.manifest();
    return new Side(
        name,
        m.id()
            + " ("
            + snapshot.location()
            + "), taken "
            + WHEN.format(m.startedAt())
            + " from "
            + m.source().database()
            + " on "
            + m.source().host()
            + ":"
            + m.source().port());
  }

  /** A comparison's log line: {@code success} when equal, {@code mismatch} otherwise. */
  static LoggedOperation.Outcome outcome(Comparison c) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("against", c.second().name() + ": " + c.second().description());
    figures.put("counting", c.counting());
    figures.put("tables", c.tables().size());
    List<TableComparison> differing = c.differing();
    figures.put("differing", differing.size());
    if (c.content().compared()) {
      figures.put("contentDiffering", c.content().differing().size());
      figures.put("contentNotCompared", c.content().notCompared().size());
    }
    if (!differing.isEmpty()) {
      figures.put(
          "differingTables",
          differing.stream().limit(LOGGED_TABLES).map(t -> t.table().toString()).toList());
    }
    return new LoggedOperation.Outcome(c.equal() ? "success" : "mismatch", figures);
  }

  private static Map<TableId, ManifestTable> byId(Manifest m) {
    Map<TableId, ManifestTable> map = new HashMap<>();
    m.tables().forEach(t -> map.put(t.id(), t));
    return map;
  }

  private static String abbreviate(String sha256) {
    return sha256.length() > 12 ? sha256.substring(0, 12) + "..." : sha256;
  }
}
