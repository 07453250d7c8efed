package io.pgsnap.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.Column;
import io.pgsnap.catalog.Ddl;
import io.pgsnap.catalog.Table;
import io.pgsnap.catalog.TableId;
import io.pgsnap.catalog.TableSelection;
import io.pgsnap.crypto.Encryption;
import io.pgsnap.crypto.Passphrase;
import io.pgsnap.testsupport.SyntheticSnapshots;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotWriterTest {
  private static final String ID = "shop-20260102T030405Z";
  private static final byte[] ZETA_ROWS = "id\n1\n2\n3\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ALPHA_ROWS = "id\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path temp;

  private Path out() {
    return temp.resolve("backups");
  }

  @Test
  void committedSnapshotIsRenamedFromItsPartialFolder() {
    Path snapshot;
    Path partial;
    try (SnapshotWriter writer = SnapshotWriter.create(out(), ID)) {
      partial = writer.partialDir();
      snapshot = commitTwoTables(writer);
    }

    assertEquals(out().resolve(ID + ".partial"), partial);
    assertEquals(out().resolve(ID), snapshot);
    assertTrue(Files.isDirectory(snapshot));
    assertFalse(Files.exists(partial));
  }

  @Test
  void committedSnapshotHoldsManifestChecksumsAndTableFiles() throws IOException {
    Path snapshot;
    try (SnapshotWriter writer = SnapshotWriter.create(out(), ID)) {
      snapshot = commitTwoTables(writer);
    }

    assertEquals(
        Set.of(
            "SHA256SUMS",
            "manifest.json",
            "manifest.sha256",
            "tables",
            "tables/public.alpha.csv.zst",
            "tables/public.zeta.csv.zst"),
        tree(snapshot));
  }

  @Test
  void sha256sumsListsEveryFileInSha256sumFormatSortedByPath() throws IOException {
    Path snapshot;
    try (SnapshotWriter writer = SnapshotWriter.create(out(), ID)) {
      snapshot = commitTwoTables(writer);
    }

    String expected =
        sha256(Files.readAllBytes(snapshot.resolve("tables/public.alpha.csv.zst")))
            + "  tables/public.alpha.csv.zst\n"
            + sha256(Files.readAllBytes(snapshot.resolve("tables/public.zeta.csv.zst")))
            + "  tables/public.zeta.csv.zst\n";
    assertEquals(
        expected, Files.readString(snapshot.resolve("SHA256SUMS"), StandardCharsets.UTF_8));
  }

  @Test
  void sha256sumCheckPassesInsideTheSnapshotFolder() throws IOException, InterruptedException {
    Path snapshot;
    try (SnapshotWriter writer = SnapshotWriter.create(out(), ID)) {
      snapshot = commitTwoTables(writer);
    }
    Process check;
    try {
      check =
          new ProcessBuilder("sha256sum", "--check", "--strict", "SHA256SUMS")
              .directory(snapshot.toFile())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      assumeTrue(false, "sha256sum is not installed");
      return;
    }
    String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertEquals(0, check.waitFor(), output);
    assertEquals("tables/public.alpha.csv.zst: OK\ntables/public.zeta.csv.zst: OK\n", output);
  }

  @Test
  void overallChecksumIsTheSha256OfSha256sums() throws IOException {
    Path snapshot;
    try (SnapshotWriter writer = SnapshotWriter.create(out(), ID)) {
      snapshot = commitTwoTables(writer);
    }

    Manifest manifest = new ManifestJson().read(snapshot.resolve("manifest.json"));
    assertEquals(
        sha256(Files.readAllBytes(snapshot.resolve("SHA256SUMS"))), manifest.overallChecksum());
  }

  @Test
  void manifestOnDiskReadsBackAsTheCommittedManifest() throws IOException {
    try (SnapshotWriter writer = SnapshotWriter.create(out(), ID)) {
      List<StoredFile> files = writeTwoTables(writer);
      Manifest manifest = manifest(writer.id(), files, SnapshotWriter.overallChecksum(files));

      Path snapshot = Path.of(writer.commit(files, manifest));

      assertEquals(manifest, new ManifestJson().read(snapshot.resolve("manifest.json")));
    }
  }

  @Test
  void manifestOnDiskMatchesTheManifestSchema() {
    Path snapshot;
    try (SnapshotWriter writer = SnapshotWriter.create(out(), ID)) {
      snapshot = commitTwoTables(writer);
    }

    assertEquals(List.of(), ManifestSchema.load().problems(snapshot.resolve("manifest.json")));
  }

  @Test
  void storedFileFiguresDescribeTheFileOnDisk() throws IOException {
    try (SnapshotWriter writer = SnapshotWriter.create(out(), ID)) {
      String path = writer.reserveTableFile(zeta(), DataFormat.CSV, Compression.ZSTD);
      StoredFile file = write(writer, path, ZETA_ROWS, 3);
      Path onDisk = writer.partialDir().resolve(path);

      assertEquals(
          new StoredFile(
              "tables/public.zeta.csv.zst",
              DataFormat.CSV,
              Compression.ZSTD,
              3,
              Files.size(onDisk),
              ZETA_ROWS.length,
              sha256(Files.readAllBytes(onDisk)),
              SyntheticSnapshots.csvFingerprint(ZETA_ROWS, 3)),
          file);
    }
  }

  @Test
  void tableFileHoldsTheRowsCompressed() throws IOException {
    try (SnapshotWriter writer = SnapshotWriter.create(out(), ID)) {
      String path = writer.reserveTableFile(zeta(), DataFormat.CSV, Compression.GZIP);
      write(writer, path, ZETA_ROWS, 3);

      try (var in =
          Compression.GZIP.decompress(Files.newInputStream(writer.partialDir().resolve(path)))) {
        assertEquals(
            new String(ZETA_ROWS, StandardCharsets.UTF_8),
            new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void snapshotWithoutTablesCommitsWithEmptyChecksums() throws IOException {
    Path snapshot;
    try (SnapshotWriter writer = SnapshotWriter.create(out(), ID)) {
      snapshot =
          Path.of(writer.commit(List.of(), manifest(writer.id(), List.of(), sha256(new byte[0]))));
    }

    assertEquals(0, Files.size(snapshot.resolve("SHA256SUMS")));
    assertEquals(
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        new ManifestJson().read(snapshot.resolve("manifest.json")).overallChecksum());
  }

  @Test
  void closingWithoutCommitDeletesThePartialFolder() {
    Path partial;
    try (SnapshotWriter writer = SnapshotWriter.create(out(), ID)) {
      partial = writer.partialDir();
      writeTwoTables(writer);
    }

    assertFalse(Files.exists(partial));
    assertFalse(Files.exists(out().resolve(ID)));
  }

  @Test
  void closingWithAnUnfinishedTableFileStillDeletesThePartialFolder() throws IOException {
    Path partial;
    try (SnapshotWriter writer = SnapshotWriter.create(out(), ID)) {
      partial = writer.partialDir();
      String path = writer.reserveTableFile(zeta(), DataFormat.CSV, Compression.ZSTD);
      try (TableFileOutput output = writer.openTableFile(path, DataFormat.CSV, Compression.ZSTD)) {
        output.write(ZETA_ROWS);
      }
    }

    assertFalse(Files.exists(partial));
  }

  @Test
  void closingAfterCommitKeepsTheSnapshot() {
    Path snapshot;
    try (SnapshotWriter writer = SnapshotWriter.create(out(), ID)) {
      snapshot = commitTwoTables(writer);
    }

    assertTrue(Files.exists(snapshot.resolve("manifest.json")));
  }

  @Test
  void snapshotFilesAreReadableByTheirOwnerOnly() throws IOException {
    assumePosix();
    Path snapshot;
    try (SnapshotWriter writer = SnapshotWriter.create(out(), ID)) {
      snapshot = commitTwoTables(writer);
    }

    for (String file :
        List.of(
            "manifest.json",
            "SHA256SUMS",
            "tables/public.alpha.csv.zst",
            "tables/public.zeta.csv.zst")) {
      assertEquals("rw-------", permissions(snapshot.resolve(file)), file);
    }
  }

  @Test
  void snapshotFoldersAreAccessibleByTheirOwnerOnly() throws IOException {
    assumePosix();
    Path snapshot;
    try (SnapshotWriter writer = SnapshotWriter.create(out(), ID)) {
      snapshot = commitTwoTables(writer);
    }

    assertEquals("rwx------", permissions(out()));
    assertEquals("rwx------", permissions(snapshot));
    assertEquals("rwx------", permissions(snapshot.resolve("tables")));
  }

  @Test
  void partialFolderIsAccessibleByItsOwnerOnlyWhileWriting() throws IOException {
    assumePosix();
    try (SnapshotWriter writer = SnapshotWriter.create(out(), ID)) {
      assertEquals("rwx------", permissions(writer.partialDir()));
      assertEquals("rwx------", permissions(writer.partialDir().resolve("tables")));
    }
  }

  @Test
  void secondWriterInTheSameSecondGetsSuffix2() {
    try (SnapshotWriter first = SnapshotWriter.create(out(), ID);
        SnapshotWriter second = SnapshotWriter.create(out(), ID)) {
      assertEquals(ID, first.id());
      assertEquals(ID + "-2", second.id());
      assertEquals(out().resolve(ID + "-2.partial"), second.partialDir());
    }
  }

  @Test
  void thirdWriterInTheSameSecondGetsSuffix3() {
    try (SnapshotWriter first = SnapshotWriter.create(out(), ID);
        SnapshotWriter second = SnapshotWriter.create(out(), ID);
        SnapshotWriter third = SnapshotWriter.create(out(), ID)) {
      assertEquals(List.of(ID, ID + "-2", ID + "-3"), List.of(first.id(), second.id(), third.id()));
    }
  }

  @Test
  void writerAfterACommittedSnapshotOfTheSameSecondGetsSuffix2() {
    try (SnapshotWriter first = SnapshotWriter.create(out(), ID)) {
      commitTwoTables(first);
    }

    try (SnapshotWriter second = SnapshotWriter.create(out(), ID)) {
      assertEquals(ID + "-2", second.id());
    }
  }

  @Test
  void writerNextToAnAbandonedPartialFolderLeavesItAlone() throws IOException {
    Path abandoned = Files.createDirectories(out().resolve(ID + ".partial"));

    try (SnapshotWriter writer = SnapshotWriter.create(out(), ID)) {
      assertEquals(ID + "-2", writer.id());
    }
    assertTrue(Files.isDirectory(abandoned));
  }

  @Test
  void manifestWhoseOverallChecksumDoesNotMatchIsRefused() {
    try (SnapshotWriter writer = SnapshotWriter.create(out(), ID)) {
      List<StoredFile> files = writeTwoTables(writer);
      Manifest wrong = manifest(writer.id(), files, "0".repeat(64));

      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> writer.commit(files, wrong));

      assertEquals("the manifest's overall checksum does not match the files", e.getMessage());
    }
  }

  @Test
  void refusedCommitWritesNothingAndRenamesNothing() throws IOException {
    try (SnapshotWriter writer = SnapshotWriter.create(out(), ID)) {
      List<StoredFile> files = writeTwoTables(writer);
      Manifest wrong = manifest(writer.id(), files, "0".repeat(64));

      assertThrows(IllegalArgumentException.class, () -> writer.commit(files, wrong));

      assertEquals(
          Set.of("tables", "tables/public.alpha.csv.zst", "tables/public.zeta.csv.zst"),
          tree(writer.partialDir()));
      assertFalse(Files.exists(out().resolve(ID)));
    }
  }

  @Test
  void committingTwiceIsRefused() {
    try (SnapshotWriter writer = SnapshotWriter.create(out(), ID)) {
      List<StoredFile> files = writeTwoTables(writer);
      Manifest manifest = manifest(writer.id(), files, SnapshotWriter.overallChecksum(files));
      writer.commit(files, manifest);

      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> writer.commit(files, manifest));

      assertEquals("snapshot " + ID + " is committed already", e.getMessage());
    }
  }

  @Test
  void tablesWhoseNamesDifferOnlyInCaseGetDistinctFiles() {
    try (SnapshotWriter writer = SnapshotWriter.create(out(), ID)) {
      assertEquals(
          "tables/public.t.csv.zst",
          writer.reserveTableFile(new TableId("public", "t"), DataFormat.CSV, Compression.ZSTD));
      assertEquals(
          "tables/public.T~2.csv.zst",
          writer.reserveTableFile(new TableId("public", "T"), DataFormat.CSV, Compression.ZSTD));
    }
  }

  @Test
  void missingOutputFolderIsCreated() {
    Path nested = temp.resolve("a/b/backups");

    try (SnapshotWriter writer = SnapshotWriter.create(nested, ID)) {
      assertEquals(nested.resolve(ID + ".partial"), writer.partialDir());
      assertTrue(Files.isDirectory(writer.partialDir().resolve("tables")));
    }
  }

  @Test
  void anEncryptedSnapshotOpenedWithoutItsKeyDescribesItselfButReadsNoTableFile() {
    Encryption encryption = new Encryption(Optional.of(Passphrase.of("a passphrase")), List.of());
    Path snapshot;
    try (SnapshotWriter writer =
        SnapshotWriter.over(LocalFolderTarget.create(out(), ID), Optional.of(encryption))) {
      snapshot = commitTwoTables(writer);
    }

    OpenSnapshot open = SnapshotReader.openPublic(new LocalSnapshotStore(snapshot));
    ManifestTable zeta = open.manifest().tables().get(1);
    PgsnapException refused = assertThrows(PgsnapException.class, () -> open.openContent(zeta));

    assertTrue(open.manifest().isEncrypted());
    assertEquals("public.zeta", zeta.id().toString());
    assertEquals(3, zeta.rows());
    assertEquals(ErrorCode.KEY, refused.code());
  }

  private static TableId zeta() {
    return new TableId("public", "zeta");
  }

  /** Writes public.zeta before public.alpha, so file order differs from path order. */
  private static List<StoredFile> writeTwoTables(SnapshotWriter writer) {
    String zeta = writer.reserveTableFile(zeta(), DataFormat.CSV, Compression.ZSTD);
    String alpha =
        writer.reserveTableFile(new TableId("public", "alpha"), DataFormat.CSV, Compression.ZSTD);
    List<StoredFile> files = new ArrayList<>();
    files.add(write(writer, zeta, ZETA_ROWS, 3));
    files.add(write(writer, alpha, ALPHA_ROWS, 0));
    return files;
  }

  private static Path commitTwoTables(SnapshotWriter writer) {
    List<StoredFile> files = writeTwoTables(writer);
    return Path.of(
        writer.commit(files, manifest(writer.id(), files, SnapshotWriter.overallChecksum(files))));
  }

  private static StoredFile write(SnapshotWriter writer, String path, byte[] rows, long count) {
    String name = path.substring(path.indexOf('/') + 1);
    Compression compression = name.endsWith(".gz") ? Compression.GZIP : Compression.ZSTD;
    try (TableFileOutput output = writer.openTableFile(path, DataFormat.CSV, compression)) {
      output.write(rows);
      return output.finish(SyntheticSnapshots.csvFingerprint(rows, count));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Manifest manifest(String id, List<StoredFile> files, String overallChecksum) {
    List<ManifestTable> tables = new ArrayList<>();
    for (StoredFile file : files) {
      String name = file.path().substring("tables/public.".length(), file.path().indexOf(".csv"));
      tables.add(
          new ManifestTable(
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
              List.of("id"),
              List.of(
                  new Column(
                      "id",
                      "integer",
                      true,
                      null,
                      Column.Generated.NONE,
                      null,
                      Column.Identity.NONE,
                      null)),
              List.of(),
              List.of(),
              List.of(),
              List.of(),
              List.of(),
              List.of(),
              List.of(),
              new Ddl(
                  "CREATE TABLE public." + name + " (id integer NOT NULL)",
                  List.of(),
                  List.of(),
                  List.of(),
                  List.of()),
              io.pgsnap.catalog.Attached.NONE,
              file.fingerprint(),
              List.of()));
    }
    tables.sort(java.util.Comparator.comparing(ManifestTable::id));
    return new Manifest(
        Manifest.FORMAT_VERSION,
        new Manifest.Tool("pgsnap", "test"),
        id,
        null,
        Instant.parse("2026-01-02T03:04:05.5Z"),
        Instant.parse("2026-01-02T03:04:06Z"),
        new Source(
            "16.4", 160004, "shop", "localhost", 5432, "app", "UTF8", Map.of("TimeZone", "UTC")),
        new ExportSettings(DataFormat.CSV, Compression.ZSTD, 1, TableSelection.defaults()),
        tables,
        List.of(),
        new Manifest.Totals(
            tables.size(),
            files.stream().mapToLong(StoredFile::rows).sum(),
            files.stream().mapToLong(StoredFile::storedBytes).sum(),
            files.stream().mapToLong(StoredFile::rawBytes).sum()),
        overallChecksum);
  }

  /** Every path below {@code dir}, relative to it, with {@code /} separators. */
  private static Set<String> tree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      Set<String> names = new TreeSet<>();
      paths
          .filter(p -> !p.equals(dir))
          .forEach(p -> names.add(dir.relativize(p).toString().replace('\\', '/')));
      return names;
    }
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private static void assumePosix() {
    assumeTrue(
        FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
        "the file system has no POSIX permissions");
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
