package io.pgsnap.testsupport;

import io.pgsnap.catalog.Column;
import io.pgsnap.catalog.Ddl;
import io.pgsnap.catalog.Table;
import io.pgsnap.catalog.TableId;
import io.pgsnap.catalog.TableSelection;
import io.pgsnap.fingerprint.CsvRows;
import io.pgsnap.fingerprint.Fingerprint;
import io.pgsnap.fingerprint.JsonRows;
import io.pgsnap.snapshot.Compression;
import io.pgsnap.snapshot.DataFormat;
import io.pgsnap.snapshot.ExportSettings;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.ManifestTable;
import io.pgsnap.snapshot.SnapshotWriter;
import io.pgsnap.snapshot.Source;
import io.pgsnap.snapshot.StoredFile;
import io.pgsnap.snapshot.TableFileOutput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes small snapshots without a database, through the same writer export uses, for unit tests of
 * verification and status. Each table has one text column {@code v}.
 */
public final class SyntheticSnapshots {
  private SyntheticSnapshots() {}

  /** A table's content as it would be in its file, and how many rows that is. */
  public record TableContent(String name, String content, long rows) {}

  /** A CSV table: a header line {@code v}, then the given CSV records. */
  public static TableContent csv(String name, long rows, String records) {
    return new TableContent(name, "v\n" + records, rows);
  }

  /**
   * The fingerprint of one-column CSV {@code content}; when it does not hold {@code rows} records
   * (a test that writes a file disagreeing with its manifest), a made-up one of {@code rows}.
   */
  public static Fingerprint csvFingerprint(byte[] content, long rows) {
    CsvRows csv = new CsvRows(1);
    csv.feed(content, 0, content.length);
    csv.finish();
    Fingerprint fingerprint = csv.fingerprint();
    return fingerprint.rows() == rows ? fingerprint : new Fingerprint(rows, "0".repeat(64));
  }

  /** As {@link #csvFingerprint}, for JSON Lines of one column {@code v}. */
  private static Fingerprint jsonFingerprint(byte[] content, long rows) {
    JsonRows json = new JsonRows(List.of("v"));
    try {
      // a test's deliberately malformed file gets the made-up fingerprint below
      json.read(new ByteArrayInputStream(content));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Fingerprint fingerprint = json.fingerprint();
    return fingerprint.rows() == rows ? fingerprint : new Fingerprint(rows, "0".repeat(64));
  }

  /**
   * Writes a complete snapshot into {@code out}.
   *
   * @param id the snapshot id, e.g. {@code shop-20260102T030405Z}
   * @return the snapshot folder
   */
  public static Path write(
      Path out, String id, DataFormat format, Compression compression, List<TableContent> tables) {
    try (SnapshotWriter writer = SnapshotWriter.create(out, id)) {
      List<StoredFile> files = new ArrayList<>();
      List<ManifestTable> entries = new ArrayList<>();
      for (TableContent t : tables) {
        String path = writer.reserveTableFile(new TableId("public", t.name()), format, compression);
        StoredFile file;
        try (TableFileOutput output = writer.openTableFile(path, format, compression)) {
          output.write(t.content().getBytes(StandardCharsets.UTF_8));
          byte[] content = t.content().getBytes(StandardCharsets.UTF_8);
          file =
              output.finish(
                  format == DataFormat.CSV
                      ? csvFingerprint(content, t.rows())
                      : jsonFingerprint(content, t.rows()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        files.add(file);
        entries.add(entry(t.name(), file));
      }
      entries.sort(Comparator.comparing(ManifestTable::id));
      Manifest manifest =
          new Manifest(
              Manifest.FORMAT_VERSION,
              new Manifest.Tool("pgsnap", "test"),
              writer.id(),
              null,
              Instant.parse("2026-01-02T03:04:05Z"),
              Instant.parse("2026-01-02T03:04:06Z"),
              new Source(
                  "16.4",
                  160004,
                  "shop",
                  "localhost",
                  5432,
                  "app",
                  "UTF8",
                  Map.of("TimeZone", "UTC")),
              new ExportSettings(format, compression, 1, TableSelection.defaults()),
              entries,
              List.of(),
              new Manifest.Totals(
                  entries.size(),
                  files.stream().mapToLong(StoredFile::rows).sum(),
                  files.stream().mapToLong(StoredFile::storedBytes).sum(),
                  files.stream().mapToLong(StoredFile::rawBytes).sum()),
              SnapshotWriter.overallChecksum(files));
      return Path.of(writer.commit(files, manifest));
    }
  }

  /** A complete CSV/zstd snapshot of two small tables, {@code alpha} and {@code zeta}. */
  public static Path twoTables(Path out, String id) {
    return write(
        out,
        id,
        DataFormat.CSV,
        Compression.ZSTD,
        List.of(
            csv("alpha", 2, "one\n\"two\nlines\"\n"),
            csv("zeta", 3, "a\n\"say \"\"hi\"\"\"\nc\n")));
  }

  private static ManifestTable entry(String name, StoredFile file) {
    return new ManifestTable(
        "public",
        name,
        Table.Kind.ORDINARY,
        file.path(),
        file.format(),
        file.compression(),
        file.rows(),
        file.storedBytes(),
        file.rawBytes(),
        file.sha256(),
        List.of("v"),
        List.of(
            new Column(
                "v", "text", false, null, Column.Generated.NONE, null, Column.Identity.NONE, null)),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        new Ddl(
            "CREATE TABLE public." + name + " (v text)",
            List.of(),
            List.of(),
            List.of(),
            List.of()),
        io.pgsnap.catalog.Attached.NONE,
        file.fingerprint(),
        List.of());
  }
}
