package io.pgsnap.testsupport;

import io.pgsnap.catalog.TableSelection;
import io.pgsnap.snapshot.Compression;
import io.pgsnap.snapshot.DataFormat;
import io.pgsnap.snapshot.ExportSettings;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.ManifestJson;
import io.pgsnap.snapshot.SnapshotIds;
import io.pgsnap.snapshot.SnapshotWriter;
import io.pgsnap.snapshot.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Snapshot folders made without a database, for tests of listing and pruning: a minimal manifest
 * and a table file of a given size. Retention decides by folder names alone; the manifest only
 * gives {@code list} its figures.
 */
public final class FakeSnapshots {
  private FakeSnapshots() {}

  /** The id of a snapshot of {@code database} taken at {@code time} (e.g. 2024-01-02T03:00Z). */
  public static String id(String database, String time) {
    return SnapshotIds.of(database, Instant.parse(time));
  }

  /**
   * A complete snapshot folder {@code dir/<id>} with a manifest claiming {@code tables} tables and
   * {@code rows} rows, and one table file of {@code bytes} bytes.
   */
  public static Path complete(Path dir, String id, int tables, long rows, int bytes, String label) {
    Path folder = dir.resolve(id);
    Instant taken = SnapshotIds.takenAt(id).orElseThrow();
    try {
      Files.createDirectories(folder.resolve(SnapshotWriter.TABLES));
      Files.write(
          folder.resolve(SnapshotWriter.TABLES).resolve("public.t.csv.zst"), new byte[bytes]);
      Manifest manifest =
          new Manifest(
              Manifest.FORMAT_VERSION,
              new Manifest.Tool("pgsnap", "test"),
              id,
              label,
              taken,
              taken.plusSeconds(1),
              new Source("16.4", 160004, "shop", "localhost", 5432, "app", "UTF8", Map.of()),
              new ExportSettings(DataFormat.CSV, Compression.ZSTD, 1, TableSelection.defaults()),
              List.of(),
              List.of(),
              new Manifest.Totals(tables, rows, bytes, bytes * 3L),
              "0".repeat(64));
      Files.write(folder.resolve(SnapshotWriter.MANIFEST), new ManifestJson().toBytes(manifest));
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A partial folder {@code dir/<id>.partial} holding one file of {@code bytes} bytes. */
  public static Path partial(Path dir, String id, int bytes) {
    Path folder = dir.resolve(id + SnapshotWriter.PARTIAL_SUFFIX);
    try {
      Files.createDirectories(folder.resolve(SnapshotWriter.TABLES));
      Files.write(
          folder.resolve(SnapshotWriter.TABLES).resolve("public.t.csv.zst"), new byte[bytes]);
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets the modification time of {@code folder} and everything below it, links included. */
  public static void touchAll(Path folder, Instant time) {
    try {
      Files.walkFileTree(
          folder,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                throws IOException {
              // A link gets its own time; its target is not touched.
              Files.getFileAttributeView(
                      file, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                  .setTimes(FileTime.from(time), null, null);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              Files.setLastModifiedTime(dir, FileTime.from(time));
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
