package io.pgsnap.verify;

import io.pgsnap.ExportOptions;
import io.pgsnap.Pgsnap;
import io.pgsnap.snapshot.Compression;
import io.pgsnap.snapshot.DataFormat;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Real snapshots of the small database in {@code verify/small.sql}, exported once per server major
 * (CSV with zstd, and JSON Lines with gzip) and copied for each test, which may then corrupt its
 * copy. Exporting once keeps the many corruption tests fast.
 */
final class SmallSnapshots {
  static final String FIXTURE = "/verify/small.sql";
  static final String ITEMS = "tables/public.items.csv.zst";
  static final String TAGS = "tables/public.tags.csv.zst";
  static final long ITEMS_ROWS = 3000;
  static final long ALL_ROWS = 3020;

  private final Path store;
  private final Map<String, Path> exported = new HashMap<>();

  /** Snapshots kept under {@code store}, a folder that outlives each test of a class. */
  SmallSnapshots(Path store) {
    this.store = store;
  }

  /** A fresh copy of the CSV/zstd snapshot from {@code server}, inside {@code dir}. */
  Path csvZstd(PgServer server, Path dir) {
    return copy(exported(server, DataFormat.CSV), dir);
  }

  /** A fresh copy of the JSON Lines/gzip snapshot from {@code server}, inside {@code dir}. */
  Path jsonlGzip(PgServer server, Path dir) {
    return copy(exported(server, DataFormat.JSONL), dir);
  }

  private synchronized Path exported(PgServer server, DataFormat format) {
    String key = server.major() + "-" + format;
    if (!exported.containsKey(key)) {
      Path out = store.resolve("pg" + server.major());
      try (TestDatabase db = server.createDatabase()) {
        db.runScript(FIXTURE);
        Pgsnap pgsnap = Pgsnap.using(db.dataSource());
        exported.put(
            server.major() + "-" + DataFormat.CSV,
            pgsnap.export(ExportOptions.defaults(out.resolve("csv"))).snapshot());
        exported.put(
            server.major() + "-" + DataFormat.JSONL,
            pgsnap
                .export(
                    ExportOptions.defaults(out.resolve("jsonl"))
                        .withFormat(DataFormat.JSONL)
                        .withCompression(Compression.GZIP))
                .snapshot());
      }
    }
    return exported.get(key);
  }

  /** Copies a snapshot folder into {@code dir}, keeping its name. */
  static Path copy(Path snapshot, Path dir) {
    Path target = dir.resolve(snapshot.getFileName());
    try (Stream<Path> paths = Files.walk(snapshot)) {
      for (Path p : paths.toList()) {
        Path to = target.resolve(snapshot.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }

  /** Deletes a folder and everything below it, without following symbolic links. */
  static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Flips one bit of the byte at {@code position}. */
  static void flipByte(Path file, long position) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      bytes[(int) position] ^= 0x01;
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lines of text, for assertions on what was printed. */
  static List<String> lines(String text) {
    return text.lines().toList();
  }
}
