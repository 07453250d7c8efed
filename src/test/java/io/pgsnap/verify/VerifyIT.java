package io.pgsnap.verify;

import static io.pgsnap.verify.SmallSnapshots.ALL_ROWS;
import static io.pgsnap.verify.SmallSnapshots.ITEMS;
import static io.pgsnap.verify.SmallSnapshots.ITEMS_ROWS;
import static io.pgsnap.verify.SmallSnapshots.TAGS;
import static io.pgsnap.verify.SmallSnapshots.flipByte;
import static io.pgsnap.verify.SmallSnapshots.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgsnap.ErrorCode;
import io.pgsnap.SnapshotFiles;
import io.pgsnap.VerifyOptions;
import io.pgsnap.VerifyResult;
import io.pgsnap.snapshot.ManifestSchema;
import io.pgsnap.snapshot.OperationLog;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pgsnap verify} on real snapshots, corrupted in every way the verification must catch. Each
 * test corrupts its own copy of one exported snapshot. Verification reads files only, so one
 * server's snapshots stand for every major's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifyIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RESTORE = "restore it from another copy or take a new snapshot";
  private static final String MANIFEST_CHANGED =
      "manifest.json: its SHA-256 differs from the one in manifest.sha256: manifest.json was"
          + " changed after the snapshot was written; "
          + RESTORE;

  /** Holds the snapshots exported once for all tests of the class; deleted after them. */
  private Path exports;

  private SmallSnapshots snapshots;

  @BeforeAll
  void createExportFolder() throws IOException {
    exports = Files.createTempDirectory("pgsnap-" + getClass().getSimpleName());
    snapshots = new SmallSnapshots(exports);
  }

  @AfterAll
  void deleteExportFolder() {
    SmallSnapshots.deleteRecursively(exports);
  }

  /** A fresh copy of the CSV/zstd snapshot in {@code dir/backups}. */
  private Path snapshot(PgServer server, Path dir) throws IOException {
    return snapshots.csvZstd(server, Files.createDirectories(dir.resolve("backups")));
  }

  private static Cli.Result verify(Path snapshot, String... more) {
    List<String> args = new ArrayList<>(List.of("verify", snapshot.toString()));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  /** The problems of a {@code --json} run, as {@code kind file} strings. */
  private static Set<String> jsonProblems(Cli.Result r) throws IOException {
    Set<String> problems = new TreeSet<>();
    for (JsonNode p : JSON.readTree(r.out()).get("problems")) {
      problems.add(p.get("kind").asText() + " " + p.get("file").asText());
    }
    return problems;
  }

  private static void assertIntegrityFailure(Cli.Result r) {
    assertEquals(ErrorCode.INTEGRITY.exitStatus(), r.exitCode(), r.all());
  }

  /** Rewrites the manifest through {@code edit}, keeping it indented as export writes it. */
  private static void editManifest(Path snapshot, Consumer<ObjectNode> edit) throws IOException {
    Path file = snapshot.resolve("manifest.json");
    ObjectNode manifest = (ObjectNode) JSON.readTree(file.toFile());
    edit.accept(manifest);
    JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), manifest);
  }

  private static ObjectNode table(ObjectNode manifest, String name) {
    for (JsonNode t : (ArrayNode) manifest.get("tables")) {
      if (t.get("name").asText().equals(name)) {
        return (ObjectNode) t;
      }
    }
    throw new AssertionError("no table " + name + " in the manifest");
  }

  @OnOneServer
  void aFreshSnapshotVerifiesQuickAndDeep(PgServer server, @TempDir Path dir) throws IOException {
    Path snapshot = snapshot(server, dir);

    Cli.Result quick = verify(snapshot);
    assertEquals(0, quick.exitCode(), quick.all());
    assertEquals(1, lines(quick.out()).size(), quick.out());
    assertTrue(quick.out().startsWith(snapshot.getFileName() + ": OK (2 files, "), quick.out());

    Cli.Result deep = verify(snapshot, "--deep", "--json");
    assertEquals(0, deep.exitCode(), deep.all());
    JsonNode json = JSON.readTree(deep.out());
    assertTrue(json.get("ok").asBoolean());
    assertTrue(json.get("deep").asBoolean());
    assertEquals(2, json.get("filesChecked").asInt());
    assertEquals(ALL_ROWS, json.get("rowsCounted").asLong());
    assertEquals(0, json.get("problems").size());
  }

  @OnOneServer
  void theLibraryReturnsTheResultAsAValue(PgServer server, @TempDir Path dir) throws IOException {
    Path snapshot = snapshot(server, dir);

    VerifyResult result = SnapshotFiles.verify(snapshot, VerifyOptions.deepCheck());

    assertTrue(result.ok(), () -> result.problems().toString());
    assertEquals(ALL_ROWS, result.rowsCounted());
    assertEquals(2, result.filesChecked());
    long onDisk;
    try (Stream<Path> files = Files.walk(snapshot)) {
      onDisk = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    assertEquals(onDisk, result.bytesRead());
  }

  @OnOneServer
  void jsonLinesInGzipVerifiesDeepAndItsRowsAreCounted(PgServer server, @TempDir Path dir)
      throws IOException {
    Path snapshot = snapshots.jsonlGzip(server, dir);
    assertEquals(0, verify(snapshot, "--deep").exitCode());

    editManifest(
        snapshot,
        m -> {
          table(m, "items").put("rows", ITEMS_ROWS + 1);
          ((ObjectNode) m.get("totals")).put("rows", ALL_ROWS + 1);
        });
    Cli.Result r = verify(snapshot, "--deep");
    assertIntegrityFailure(r);
    assertTrue(
        r.out()
            .contains(
                "tables/public.items.jsonl.gz: holds 3,000 rows but the manifest records 3,001"),
        r.out());
  }

  @OnOneServer
  void aFlippedByteInATableFileIsAChecksumMismatchNamingTheFile(PgServer server, @TempDir Path dir)
      throws IOException {
    Path snapshot = snapshot(server, dir);
    Path items = snapshot.resolve(ITEMS);
    flipByte(items, Files.size(items) / 2);

    Cli.Result r = verify(snapshot);

    assertIntegrityFailure(r);
    assertEquals(
        List.of(
            ITEMS
                + ": SHA-256 differs from the manifest: the file was changed or corrupted; "
                + RESTORE,
            snapshot.getFileName() + ": FAILED verification, 1 problem"),
        lines(r.out()).stream().map(l -> l.replaceAll(" \\(2 files, .*\\)$", "")).toList());
  }

  @OnOneServer
  void aTruncatedTableFileIsReportedAsTruncated(PgServer server, @TempDir Path dir)
      throws IOException {
    Path snapshot = snapshot(server, dir);
    Path items = snapshot.resolve(ITEMS);
    long size = Files.size(items);
    try (RandomAccessFile file = new RandomAccessFile(items.toFile(), "rw")) {
      file.setLength(size / 2);
    }

    Cli.Result r = verify(snapshot, "--deep");

    assertIntegrityFailure(r);
    assertEquals(
        ITEMS
            + ": is truncated: "
            + size / 2
            + " bytes, the manifest records "
            + size
            + "; the file was cut short (a full disk or an interrupted copy); "
            + RESTORE,
        lines(r.out()).get(0));
    assertEquals(2, lines(r.out()).size(), r.out());
  }

  @OnOneServer
  void aZeroLengthTableFileIsReportedAsEmpty(PgServer server, @TempDir Path dir)
      throws IOException {
    Path snapshot = snapshot(server, dir);
    Files.write(snapshot.resolve(TAGS), new byte[0]);

    Cli.Result r = verify(snapshot, "--json", "--deep");

    assertIntegrityFailure(r);
    assertEquals(Set.of("empty_file " + TAGS), jsonProblems(r));
  }

  @OnOneServer
  void aDeletedTableFileIsReportedMissing(PgServer server, @TempDir Path dir) throws IOException {
    Path snapshot = snapshot(server, dir);
    Files.delete(snapshot.resolve(ITEMS));

    Cli.Result r = verify(snapshot);

    assertIntegrityFailure(r);
    assertEquals(
        ITEMS + ": is missing: the snapshot lists it but the file is not there; " + RESTORE,
        lines(r.out()).get(0));
  }

  @OnOneServer
  void anExtraFileInTablesIsReported(PgServer server, @TempDir Path dir) throws IOException {
    Path snapshot = snapshot(server, dir);
    Files.writeString(snapshot.resolve("tables/public.stray.csv"), "id\n1\n");

    Cli.Result r = verify(snapshot, "--json");

    assertIntegrityFailure(r);
    assertEquals(Set.of("extra_file tables/public.stray.csv"), jsonProblems(r));
  }

  @OnOneServer
  void anExtraFileInTheSnapshotFolderIsReported(PgServer server, @TempDir Path dir)
      throws IOException {
    Path snapshot = snapshot(server, dir);
    Files.writeString(snapshot.resolve("notes.txt"), "hello");

    Cli.Result r = verify(snapshot);

    assertIntegrityFailure(r);
    assertTrue(
        r.out()
            .startsWith(
                "notes.txt: is not part of the snapshot (neither the manifest nor SHA256SUMS"
                    + " lists it)"),
        r.out());
  }

  @OnOneServer
  void aTamperedRowCountThatKeepsTheSchemaValidIsCaughtByTheManifestChecksumAndTheDeepCount(
      PgServer server, @TempDir Path dir) throws IOException {
    Path snapshot = snapshot(server, dir);
    editManifest(
        snapshot,
        m -> {
          table(m, "items").put("rows", ITEMS_ROWS - 1);
          ((ObjectNode) table(m, "items").get("fingerprint")).put("rows", ITEMS_ROWS - 1);
          ((ObjectNode) m.get("totals")).put("rows", ALL_ROWS - 1);
        });
    assertEquals(List.of(), ManifestSchema.load().problems(snapshot.resolve("manifest.json")));

    Cli.Result quick = verify(snapshot);
    assertIntegrityFailure(quick);
    assertEquals(List.of(MANIFEST_CHANGED), lines(quick.out()).subList(0, 1));
    Cli.Result deep = verify(snapshot, "--deep");
    assertIntegrityFailure(deep);
    assertEquals(MANIFEST_CHANGED, lines(deep.out()).get(0));
    assertEquals(
        ITEMS
            + ": holds 3,000 rows but the manifest records 2,999: the manifest or the file was"
            + " changed; "
            + RESTORE,
        lines(deep.out()).get(1));
    assertEquals(3, lines(deep.out()).size(), deep.out());
  }

  @OnOneServer
  void aRowCountChangedWithoutItsTotalIsCaughtWithoutDeep(PgServer server, @TempDir Path dir)
      throws IOException {
    Path snapshot = snapshot(server, dir);
    editManifest(snapshot, m -> table(m, "items").put("rows", ITEMS_ROWS + 5));

    Cli.Result r = verify(snapshot, "--json");

    assertIntegrityFailure(r);
    assertEquals(Set.of("manifest_mismatch manifest.json"), jsonProblems(r));
  }

  @OnOneServer
  void aTamperedSha256InTheManifestIsCaughtAgainstSha256sums(PgServer server, @TempDir Path dir)
      throws IOException {
    Path snapshot = snapshot(server, dir);
    editManifest(snapshot, m -> table(m, "items").put("sha256", "0".repeat(64)));

    Cli.Result r = verify(snapshot);

    assertIntegrityFailure(r);
    assertEquals(
        "manifest.json: records another SHA-256 for "
            + ITEMS
            + " than the file and SHA256SUMS have: the manifest was changed after the export; "
            + RESTORE,
        lines(r.out()).get(1));
    assertEquals(MANIFEST_CHANGED, lines(r.out()).get(0));
    assertEquals(3, lines(r.out()).size(), r.out());
  }

  @OnOneServer
  void aDeletedSha256sumsIsReported(PgServer server, @TempDir Path dir) throws IOException {
    Path snapshot = snapshot(server, dir);
    Files.delete(snapshot.resolve("SHA256SUMS"));

    Cli.Result r = verify(snapshot, "--json");

    assertIntegrityFailure(r);
    assertEquals(Set.of("checksums_missing SHA256SUMS"), jsonProblems(r));
  }

  @OnOneServer
  void anEditedSha256sumsIsReported(PgServer server, @TempDir Path dir) throws IOException {
    Path snapshot = snapshot(server, dir);
    Path sums = snapshot.resolve("SHA256SUMS");
    String text = Files.readString(sums);
    int tagsLine = text.indexOf("  " + TAGS) - 64;
    Files.writeString(
        sums, text.substring(0, tagsLine) + "f".repeat(64) + text.substring(tagsLine + 64));

    Cli.Result r = verify(snapshot, "--json");

    assertIntegrityFailure(r);
    assertEquals(
        Set.of("checksums_mismatch SHA256SUMS", "overall_checksum_mismatch SHA256SUMS"),
        jsonProblems(r));
    assertTrue(r.out().contains("lists another SHA-256 for " + TAGS), r.out());
  }

  @OnOneServer
  void aFolderRenamedToPartialIsAnIncompleteSnapshot(PgServer server, @TempDir Path dir)
      throws IOException {
    Path snapshot = snapshot(server, dir);
    Path partial =
        Files.move(snapshot, dir.resolve("backups/" + snapshot.getFileName() + ".partial"));

    Cli.Result r = verify(partial);

    assertIntegrityFailure(r);
    assertTrue(
        lines(r.out())
            .get(0)
            .startsWith(partial.getFileName() + ": the snapshot is incomplete (its folder"),
        r.out());
    assertEquals(2, lines(r.out()).size(), r.out());
  }

  @OnOneServer
  void aCorruptZstdStreamFailsDecompressionInDeepMode(PgServer server, @TempDir Path dir)
      throws IOException {
    Path snapshot = snapshot(server, dir);
    Path items = snapshot.resolve(ITEMS);
    byte[] bytes = Files.readAllBytes(items);
    bytes[0] = 0; // the zstd magic number: nothing after it can be decoded
    bytes[1] = 0;
    Files.write(items, bytes);

    Cli.Result quick = verify(snapshot, "--json");
    assertIntegrityFailure(quick);
    assertEquals(Set.of("checksum_mismatch " + ITEMS), jsonProblems(quick));

    Cli.Result deep = verify(snapshot, "--deep");
    assertIntegrityFailure(deep);
    assertTrue(
        lines(deep.out()).get(1).startsWith(ITEMS + ": does not decompress as zstd ("), deep.out());
    assertTrue(lines(deep.out()).get(1).endsWith("): the file is corrupt; " + RESTORE));
  }

  @OnOneServer
  void aMissingManifestIsReported(PgServer server, @TempDir Path dir) throws IOException {
    Path snapshot = snapshot(server, dir);
    Files.delete(snapshot.resolve("manifest.json"));

    Cli.Result r = verify(snapshot, "--json", "--deep");

    assertIntegrityFailure(r);
    assertEquals(Set.of("manifest_missing manifest.json"), jsonProblems(r));
    assertEquals(2, JSON.readTree(r.out()).get("filesChecked").asInt());
  }

  @OnOneServer
  void anUnparseableManifestIsReported(PgServer server, @TempDir Path dir) throws IOException {
    Path snapshot = snapshot(server, dir);
    Path manifest = snapshot.resolve("manifest.json");
    Files.writeString(manifest, Files.readString(manifest).substring(0, 100));

    Cli.Result r = verify(snapshot);

    assertIntegrityFailure(r);
    assertTrue(
        lines(r.out()).get(0).startsWith("manifest.json: not valid against the manifest schema: "),
        r.out());
    assertTrue(lines(r.out()).get(0).contains("not valid JSON"), r.out());
  }

  @OnOneServer
  void aManifestThatBreaksTheSchemaIsReportedForEveryViolation(PgServer server, @TempDir Path dir)
      throws IOException {
    Path snapshot = snapshot(server, dir);
    editManifest(
        snapshot,
        m -> {
          table(m, "tags").put("compression", "brotli");
          m.put("addedByHand", true);
        });

    Cli.Result r = verify(snapshot);

    assertIntegrityFailure(r);
    List<String> schema =
        lines(r.out()).stream()
            .filter(l -> l.startsWith("manifest.json: not valid against the manifest schema"))
            .toList();
    assertTrue(schema.stream().anyMatch(l -> l.contains("addedByHand")), r.out());
    assertTrue(schema.stream().anyMatch(l -> l.contains("/compression")), r.out());
  }

  @OnOneServer
  void severalProblemsAreAllReportedInOneRun(PgServer server, @TempDir Path dir)
      throws IOException {
    Path snapshot = snapshot(server, dir);
    Files.delete(snapshot.resolve(TAGS));
    flipByte(snapshot.resolve(ITEMS), 100);
    Files.writeString(snapshot.resolve("tables/leftover.tmp"), "x");
    Files.delete(snapshot.resolve("SHA256SUMS"));
    Path partial =
        Files.move(snapshot, dir.resolve("backups/" + snapshot.getFileName() + ".partial"));

    Cli.Result r = verify(partial, "--json");

    assertIntegrityFailure(r);
    assertEquals(
        Set.of(
            "partial " + partial.getFileName(),
            "checksums_missing SHA256SUMS",
            "extra_file tables/leftover.tmp",
            "file_missing " + TAGS,
            "checksum_mismatch " + ITEMS),
        jsonProblems(r));

    Cli.Result human = verify(partial);
    assertEquals(6, lines(human.out()).size(), human.out());
    assertTrue(
        lines(human.out())
            .get(5)
            .startsWith(snapshot.getFileName() + ": FAILED verification, 5 problems"),
        human.out());
  }

  @OnOneServer
  void aMissingSnapshotFolderIsAStorageError(PgServer server, @TempDir Path dir) {
    Cli.Result r = verify(dir.resolve("backups/db-20260101T000000Z"));

    assertEquals(ErrorCode.STORAGE.exitStatus(), r.exitCode(), r.all());
    assertTrue(r.err().startsWith("pgsnap: no snapshot folder "), r.err());
    assertEquals("", r.out());
  }

  @OnOneServer
  void theFolderOfAllSnapshotsIsAUsageError(PgServer server, @TempDir Path dir) throws IOException {
    Path snapshot = snapshot(server, dir);

    Cli.Result r = verify(snapshot.getParent());

    assertEquals(ErrorCode.USAGE.exitStatus(), r.exitCode(), r.all());
    assertTrue(r.err().contains("is not a snapshot folder"), r.err());
  }

  @OnOneServer
  void everyVerificationIsLoggedWithTheSnapshotAndItsOutcome(PgServer server, @TempDir Path dir)
      throws IOException {
    Path snapshot = snapshot(server, dir);
    verify(snapshot);
    Files.delete(snapshot.resolve(ITEMS));
    verify(snapshot, "--deep");

    List<String> log = Files.readAllLines(snapshot.getParent().resolve(OperationLog.FILE_NAME));
    assertEquals(2, log.size());
    JsonNode ok = JSON.readTree(log.get(0));
    JsonNode failed = JSON.readTree(log.get(1));
    for (JsonNode entry : List.of(ok, failed)) {
      assertEquals("verify", entry.get("command").asText());
      assertEquals(snapshot.getFileName().toString(), entry.get("snapshot").asText());
      assertTrue(entry.get("durationMs").isNumber());
      assertFalse(entry.get("time").asText().isEmpty());
    }
    assertEquals("success", ok.get("outcome").asText());
    assertEquals("failure", failed.get("outcome").asText());
    assertEquals(1, failed.get("problems").asInt());
  }
}
