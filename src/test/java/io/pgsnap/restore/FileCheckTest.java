package io.pgsnap.restore;

import static io.pgsnap.testsupport.SampleManifests.column;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.snapshot.Hashing;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.ManifestTable;
import io.pgsnap.snapshot.SnapshotWriter;
import io.pgsnap.testsupport.SampleManifests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks a restore makes on a snapshot's files before it connects, and how they read. */
class FileCheckTest {
  @TempDir Path snapshot;

  private ManifestTable a;
  private ManifestTable b;

  /** Two tables of 100 bytes each (the size {@link SampleManifests#table} gives 0 rows). */
  @BeforeEach
  void writeSnapshot() throws IOException {
    Files.createDirectories(snapshot.resolve(SnapshotWriter.TABLES));
    a = write("a", (byte) 'a');
    b = write("b", (byte) 'b');
  }

  private ManifestTable write(String name, byte fill) throws IOException {
    byte[] content = new byte[100];
    Arrays.fill(content, fill);
    ManifestTable t =
        SampleManifests.table("public", name, 0, Hashing.sha256Hex(content), column("v", "text"));
    Files.write(snapshot.resolve(t.file()), content);
    return t;
  }

  /** The manifest of {@code tables}, with {@code SHA256SUMS} listing {@code sums} as given. */
  private Manifest manifest(List<ManifestTable> tables, String sums) throws IOException {
    byte[] bytes = sums.getBytes(StandardCharsets.UTF_8);
    Files.write(snapshot.resolve(SnapshotWriter.CHECKSUMS), bytes);
    Manifest m =
        SampleManifests.manifest("appdb-20261123T091545Z", tables.toArray(ManifestTable[]::new));
    return new Manifest(
        m.formatVersion(),
        m.tool(),
        m.id(),
        m.label(),
        m.startedAt(),
        m.finishedAt(),
        m.source(),
        m.options(),
        m.tables(),
        m.sequences(),
        m.totals(),
        Hashing.sha256Hex(bytes));
  }

  private static String sums(ManifestTable... tables) {
    StringBuilder s = new StringBuilder();
    for (ManifestTable t : tables) {
      s.append(t.sha256()).append("  ").append(t.file()).append('\n');
    }
    return s.toString();
  }

  private static ManifestTable withSha256(ManifestTable t, String sha256) {
    return SampleManifests.writtenAs(t, t.format(), t.compression(), sha256);
  }

  private String failure(Manifest manifest, List<ManifestTable> chosen) {
    PgsnapException e =
        assertThrows(PgsnapException.class, () -> FileCheck.check(snapshot, manifest, chosen));
    assertEquals(ErrorCode.INTEGRITY, e.code());
    assertTrue(e.getMessage().contains("nothing was restored"), e.getMessage());
    assertTrue(e.getMessage().contains("Run `pgsnap verify " + snapshot + "`"), e.getMessage());
    return e.getMessage();
  }

  @Test
  void anIntactSnapshotPasses() throws IOException {
    FileCheck.check(snapshot, manifest(List.of(a, b), sums(a, b)), List.of(a, b));
  }

  @Test
  void aShorterFileIsCalledTruncated() throws IOException {
    Manifest m = manifest(List.of(a, b), sums(a, b));
    Files.write(snapshot.resolve(a.file()), new byte[40]);
    String message = failure(m, List.of(a, b));
    assertTrue(
        message.contains(a.file() + " has 40 bytes, the manifest says 100 (the file is truncated)"),
        message);
    assertFalse(message.contains(b.file()), message);
  }

  @Test
  void aFileWithAByteFlippedIsCalledDamaged() throws IOException {
    Manifest m = manifest(List.of(a, b), sums(a, b));
    byte[] content = Files.readAllBytes(snapshot.resolve(b.file()));
    content[50] ^= 1;
    Files.write(snapshot.resolve(b.file()), content);
    String message = failure(m, List.of(a, b));
    assertTrue(
        message.contains(
            b.file() + ": its SHA-256 differs from the manifest's (the file is damaged)"),
        message);
  }

  @Test
  void aChecksumChangedInTheManifestBlamesTheManifestNotTheFile() throws IOException {
    ManifestTable edited = withSha256(a, "ab".repeat(32));
    String message = failure(manifest(List.of(edited, b), sums(a, b)), List.of(edited, b));
    assertTrue(
        message.contains(
            a.file()
                + ": the file matches its checksum in SHA256SUMS but not the manifest's (the"
                + " manifest was changed)"),
        message);
    assertFalse(message.contains("damaged"), message);
  }

  @Test
  void aChecksumChangedInChecksumsFileBlamesIt() throws IOException {
    ManifestTable listedWrong = withSha256(b, "0".repeat(64));
    Manifest m = manifest(List.of(a, b), sums(a, listedWrong));
    String message = failure(m, List.of(a, b));
    assertTrue(
        message.contains(
            b.file()
                + ": its checksum in SHA256SUMS differs from the file's and the manifest's"
                + " (SHA256SUMS was changed)"),
        message);
    assertFalse(message.contains("damaged"), message);
  }

  @Test
  void checksumsFileThatDoesNotMatchTheOverallChecksumIsReported() throws IOException {
    Manifest m = manifest(List.of(a, b), sums(a, b));
    Files.writeString(snapshot.resolve(SnapshotWriter.CHECKSUMS), sums(b, a));
    String message = failure(m, List.of(a, b));
    assertTrue(
        message.contains("SHA256SUMS does not match the manifest's overall checksum"), message);
  }

  @Test
  void everyProblemIsReportedAtOnceEachNamingItsFile() throws IOException {
    Manifest m = manifest(List.of(a, b), sums(b));
    Files.delete(snapshot.resolve(a.file()));
    Files.write(snapshot.resolve(b.file()), new byte[101]);
    String message = failure(m, List.of(a, b));
    assertTrue(message.contains(a.file() + " is not listed in SHA256SUMS"), message);
    assertTrue(message.contains(a.file() + " is missing"), message);
    assertTrue(
        message.contains(b.file() + " has 101 bytes, the manifest says 100 (the file is damaged)"),
        message);
  }

  @Test
  void filesOfTablesNotRestoredAreNotChecked() throws IOException {
    Manifest m = manifest(List.of(a, b), sums(a, b));
    Files.delete(snapshot.resolve(b.file()));
    FileCheck.check(snapshot, m, List.of(a));
  }

  @Test
  void aMissingChecksumsFileIsReported() throws IOException {
    Manifest m = manifest(List.of(a), sums(a));
    Files.delete(snapshot.resolve(SnapshotWriter.CHECKSUMS));
    String message = failure(m, List.of(a));
    assertTrue(message.contains("SHA256SUMS is missing"), message);
  }
}
