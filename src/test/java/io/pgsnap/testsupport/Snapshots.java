package io.pgsnap.testsupport;

import io.pgsnap.snapshot.ManifestTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reading snapshot folders in tests. */
public final class Snapshots {
  private Snapshots() {}

  /** The uncompressed content of a table's file. */
  public static byte[] content(Path snapshot, ManifestTable table) {
    try (InputStream in =
        table.compression().decompress(Files.newInputStream(snapshot.resolve(table.file())))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The names of the entries of a folder, sorted. */
  public static List<String> entries(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
