package io.pgsnap.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.Attached;
import io.pgsnap.testsupport.SyntheticSnapshots;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** The gate every command opens a snapshot through, against snapshots tampered with on disk. */
class SnapshotReaderTest {
  private static final String ID = "shop-20260102T030405Z";
  private static final String ALPHA = "tables/public.alpha.csv.zst";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path out;

  private Path snapshot() {
    return SyntheticSnapshots.twoTables(out, ID);
  }

  /**
   * Rewrites the manifest through {@code edit}; SHA256SUMS and manifest.sha256 stay as they are.
   */
  private static void editManifest(Path snapshot, Consumer<ObjectNode> edit) throws IOException {
    Path file = snapshot.resolve(SnapshotWriter.MANIFEST);
    ObjectNode manifest = (ObjectNode) JSON.readTree(file.toFile());
    edit.accept(manifest);
    JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), manifest);
  }

  private static ObjectNode table(ObjectNode manifest, int index) {
    return (ObjectNode) ((ArrayNode) manifest.get("tables")).get(index);
  }

  private static String refusal(Executable open) {
    PgsnapException e = assertThrows(PgsnapException.class, open);
    assertEquals(ErrorCode.INTEGRITY, e.code(), e.getMessage());
    assertTrue(e.getMessage().contains("Run `pgsnap verify "), e.getMessage());
    return e.getMessage();
  }

  private static void assertContains(String fragment, String message) {
    assertTrue(message.contains(fragment), () -> "no '" + fragment + "' in: " + message);
  }

  private static ManifestTable alpha(OpenSnapshot snapshot) {
    return snapshot.manifest().tables().stream()
        .filter(t -> t.file().equals(ALPHA))
        .findFirst()
        .orElseThrow();
  }

  private static String tablePathRefusal(Path snapshot, String file) throws IOException {
    editManifest(snapshot, m -> table(m, 0).put("file", file));
    return refusal(() -> SnapshotReader.open(snapshot));
  }

  @Test
  void aPathWithDotDotIsRefused() throws IOException {
    String message = tablePathRefusal(snapshot(), "tables/../../secret.csv.zst");
    assertContains(
        "lists the file 'tables/../../secret.csv.zst' for public.alpha, which is not a file inside"
            + " tables/ (the path has a '..' segment)",
        message);
  }

  @Test
  void anAbsolutePathIsRefused() throws IOException {
    assertContains("(the path is absolute)", tablePathRefusal(snapshot(), "/etc/passwd.csv.zst"));
  }

  @Test
  void aPathWithABackslashIsRefused() throws IOException {
    assertContains(
        "(the path contains a backslash)", tablePathRefusal(snapshot(), "tables\\x.csv.zst"));
  }

  @Test
  void aPathWithANulIsRefused() throws IOException {
    String message = tablePathRefusal(snapshot(), "tables/x\0.csv.zst");
    assertContains("'tables/x\\0.csv.zst'", message);
    assertContains("(the path contains a NUL character)", message);
  }

  @Test
  void aPathOutsideTablesIsRefused() throws IOException {
    assertContains(
        "(the path is outside tables/)", tablePathRefusal(snapshot(), "elsewhere/x.csv.zst"));
  }

  @Test
  void everyProblemIsNamedInOneRefusal() throws IOException {
    Path snapshot = snapshot();
    editManifest(
        snapshot,
        m -> {
          table(m, 0).put("file", "/etc/passwd.csv.zst");
          table(m, 1).put("file", "tables\\zeta.csv.zst");
        });

    String message = refusal(() -> SnapshotReader.open(snapshot));

    assertContains(
        "for public.alpha, which is not a file inside tables/ (the path is absolute)", message);
    assertContains(
        "for public.zeta, which is not a file inside tables/ (the path contains a backslash)",
        message);
    assertContains("manifest.json was changed after the snapshot was written", message);
  }

  @Test
  void aFileListedForTwoTablesIsRefused() throws IOException {
    Path snapshot = snapshot();
    editManifest(snapshot, m -> table(m, 1).put("file", ALPHA));
    assertContains(
        "manifest.json: lists " + ALPHA + " for more than one table",
        refusal(() -> SnapshotReader.open(snapshot)));
  }

  @Test
  void aSymbolicLinkToAFileIsRefused() throws IOException {
    Path snapshot = snapshot();
    Path elsewhere = Files.move(snapshot.resolve(ALPHA), out.resolve("alpha-elsewhere"));
    Files.createSymbolicLink(snapshot.resolve(ALPHA), elsewhere);
    OpenSnapshot open = SnapshotReader.open(snapshot);

    assertContains(
        ALPHA + " is a symbolic link, not the file pgsnap wrote", refusal(open::checkAllFiles));
    assertContains(ALPHA + " is a symbolic link", refusal(() -> open.openTable(alpha(open))));
  }

  @Test
  void tablesReplacedByASymbolicLinkToAFolderIsRefused() throws IOException {
    Path snapshot = snapshot();
    Path elsewhere = Files.move(snapshot.resolve("tables"), out.resolve("tables-elsewhere"));
    Files.createSymbolicLink(snapshot.resolve("tables"), elsewhere);
    OpenSnapshot open = SnapshotReader.open(snapshot);

    assertContains(
        ALPHA + " cannot be read: tables is a symbolic link, not a folder",
        refusal(open::checkAllFiles));
    assertContains("tables is a symbolic link", refusal(() -> open.openTable(alpha(open))));
  }

  @Test
  void aFifoInPlaceOfATableFileIsRefusedWithoutBlocking() throws Exception {
    Path snapshot = snapshot();
    Files.delete(snapshot.resolve(ALPHA));
    Process mkfifo =
        new ProcessBuilder("mkfifo", snapshot.resolve(ALPHA).toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor());

    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          OpenSnapshot open = SnapshotReader.open(snapshot);
          assertContains(ALPHA + " is a special file", refusal(open::checkAllFiles));
          assertContains(ALPHA + " is a special file", refusal(() -> open.openTable(alpha(open))));
        });
  }

  @Test
  void aFileOfAnotherSizeIsRefused() throws IOException {
    Path snapshot = snapshot();
    long size = Files.size(snapshot.resolve(ALPHA));
    Files.write(snapshot.resolve(ALPHA), new byte[] {1, 2}, StandardOpenOption.APPEND);
    OpenSnapshot open = SnapshotReader.open(snapshot);

    assertContains(
        ALPHA
            + " has "
            + (size + 2)
            + " bytes, the manifest records "
            + size
            + " (something was written into it)",
        refusal(open::checkAllFiles));
  }

  @Test
  void anEditedButConsistentManifestIsRefusedByItsChecksum() throws IOException {
    Path snapshot = snapshot();
    editManifest(
        snapshot,
        m -> {
          table(m, 0).put("rows", table(m, 0).get("rows").asLong() + 10);
          ObjectNode fingerprint = (ObjectNode) table(m, 0).get("fingerprint");
          fingerprint.put("rows", fingerprint.get("rows").asLong() + 10);
          ObjectNode totals = (ObjectNode) m.get("totals");
          totals.put("rows", totals.get("rows").asLong() + 10);
        });

    String message = refusal(() -> SnapshotReader.open(snapshot));

    assertContains(
        "manifest.json: its SHA-256 differs from the one in manifest.sha256: manifest.json was"
            + " changed after the snapshot was written",
        message);
    assertEquals(1, SnapshotReader.inspect(new LocalSnapshotStore(snapshot)).problems().size());
  }

  @Test
  void aFingerprintCountingOtherRowsThanItsTableIsRefused() throws IOException {
    Path snapshot = snapshot();
    editManifest(
        snapshot,
        m -> {
          ObjectNode fingerprint = (ObjectNode) table(m, 0).get("fingerprint");
          fingerprint.put("rows", fingerprint.get("rows").asLong() + 1);
        });

    assertContains(
        "manifest.json: the fingerprint of public.alpha counts 3 rows but the table 2: the"
            + " manifest was changed",
        refusal(() -> SnapshotReader.open(snapshot)));
  }

  @Test
  void aVersion2SnapshotWithoutManifestChecksumIsRefused() throws IOException {
    Path snapshot = snapshot();
    Files.delete(snapshot.resolve(ManifestChecksum.FILE));
    assertContains(
        "manifest.sha256: is missing, so nothing shows whether manifest.json was changed",
        refusal(() -> SnapshotReader.open(snapshot)));
  }

  @Test
  void anUnknownFormatVersionIsRefused() throws IOException {
    Path snapshot = snapshot();
    editManifest(snapshot, m -> m.put("formatVersion", 8));
    String message = refusal(() -> SnapshotReader.open(snapshot));
    assertContains("manifest.json: formatVersion 8 is not one this pgsnap reads", message);
  }

  @Test
  void aVersion2SnapshotWithoutAttachedObjectsOpensWithNothingAttached() throws IOException {
    Path snapshot = snapshot();
    editManifest(
        snapshot,
        m -> {
          m.put("formatVersion", 2);
          m.get("tables").forEach(t -> ((ObjectNode) t).remove("attached"));
        });
    byte[] json = Files.readAllBytes(snapshot.resolve(SnapshotWriter.MANIFEST));
    Files.write(snapshot.resolve(ManifestChecksum.FILE), ManifestChecksum.content(json));

    OpenSnapshot open = SnapshotReader.open(snapshot);

    assertEquals(2, open.manifest().formatVersion());
    assertEquals(
        List.of(Attached.NONE, Attached.NONE),
        open.manifest().tables().stream().map(ManifestTable::attached).toList());
    open.checkAllFiles();
  }

  @Test
  void aVersion3SnapshotWithoutObjectsOpensUsingNothingRecorded() throws IOException {
    Path snapshot = snapshot();
    editManifest(
        snapshot,
        m -> {
          m.put("formatVersion", 3);
          m.remove("objects");
        });
    byte[] json = Files.readAllBytes(snapshot.resolve(SnapshotWriter.MANIFEST));
    Files.write(snapshot.resolve(ManifestChecksum.FILE), ManifestChecksum.content(json));

    OpenSnapshot open = SnapshotReader.open(snapshot);

    assertEquals(3, open.manifest().formatVersion());
    assertEquals(List.of(), open.manifest().objects());
    open.checkAllFiles();
  }

  @Test
  void aVersion4SnapshotWithoutObjectsIsRefused() throws IOException {
    Path snapshot = snapshot();
    editManifest(snapshot, m -> m.remove("objects"));

    String message = refusal(() -> SnapshotReader.open(snapshot));

    assertContains("required property 'objects' not found", message);
  }

  @Test
  void aVersion3SnapshotWithoutAttachedObjectsIsRefused() throws IOException {
    Path snapshot = snapshot();
    editManifest(snapshot, m -> table(m, 0).remove("attached"));

    String message = refusal(() -> SnapshotReader.open(snapshot));

    assertContains(
        "manifest.json: not valid against the manifest schema: /tables/0: required property"
            + " 'attached' not found",
        message);
  }

  @Test
  void aVersion1SnapshotWithoutManifestChecksumOpens() throws IOException {
    Path snapshot = snapshot();
    editManifest(snapshot, m -> m.put("formatVersion", 1));
    Files.delete(snapshot.resolve(ManifestChecksum.FILE));

    OpenSnapshot open = SnapshotReader.open(snapshot);

    assertEquals(1, open.manifest().formatVersion());
    open.checkAllFiles();
  }

  @Test
  void aFileChangedAfterOpeningIsCaughtWhenTheStreamFinishes() throws IOException {
    Path snapshot = snapshot();
    OpenSnapshot open = SnapshotReader.open(snapshot);
    open.checkAllFiles();
    byte[] bytes = Files.readAllBytes(snapshot.resolve(ALPHA));
    bytes[bytes.length / 2] ^= 0x01; // same size: the pre-check cannot see it
    Files.write(snapshot.resolve(ALPHA), bytes);

    TableStream stream = open.openTable(alpha(open));
    stream.readAllBytes();
    String message = refusal(stream::finish);
    stream.close();

    assertContains(ALPHA + " is not the file the snapshot recorded: its SHA-256 ", message);
    assertContains(" differs from the manifest's " + alpha(open).sha256(), message);
  }

  @Test
  void anIntactSnapshotOpensAndATableStreamsAndFinishes() throws IOException {
    OpenSnapshot open = SnapshotReader.open(snapshot()).checkAllFiles();
    ManifestTable alpha = alpha(open);

    String content;
    try (TableStream stream = open.openTable(alpha)) {
      InputStream plain = alpha.compression().decompress(stream);
      content = new String(plain.readAllBytes(), StandardCharsets.UTF_8);
      stream.finish();
      assertEquals(alpha.storedBytes(), stream.bytesRead());
    }

    assertEquals("v\none\n\"two\nlines\"\n", content);
    assertEquals(2, open.manifest().tables().size());
  }
}
