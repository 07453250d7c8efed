package io.pgsnap.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.ProgressListener;
import io.pgsnap.VerifyOptions;
import io.pgsnap.VerifyResult;
import io.pgsnap.VerifyResult.Problem;
import io.pgsnap.VerifyResult.Problem.Kind;
import io.pgsnap.snapshot.Compression;
import io.pgsnap.snapshot.DataFormat;
import io.pgsnap.snapshot.OperationLog;
import io.pgsnap.testsupport.SyntheticSnapshots;
import io.pgsnap.testsupport.SyntheticSnapshots.TableContent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verification of small snapshots written without a database. */
class VerifierTest {
  private static final String ID = "shop-20260102T030405Z";
  private static final String ALPHA = "tables/public.alpha.csv.zst";
  private static final String ZETA = "tables/public.zeta.csv.zst";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-02T04:00:00Z"), ZoneOffset.UTC);

  @TempDir Path out;

  private static VerifyResult verify(Path snapshot, boolean deep) {
    return new Verifier(new VerifyOptions(deep), ProgressListener.NONE, CLOCK).verify(snapshot);
  }

  private static List<Kind> kinds(VerifyResult result) {
    return result.problems().stream().map(Problem::kind).toList();
  }

  private static List<String> lines(VerifyResult result) {
    return result.problems().stream().map(Problem::line).toList();
  }

  private static void flipByte(Path file, long position) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[(int) position] ^= 0x01;
    Files.write(file, bytes);
  }

  private static void replaceInFile(Path file, String from, String to) throws IOException {
    String text = Files.readString(file);
    assertTrue(text.contains(from), () -> from + " is not in " + file);
    Files.writeString(file, text.replace(from, to));
  }

  @Test
  void aSnapshotAsWrittenVerifiesAndEveryByteIsRead() throws IOException {
    Path snapshot = SyntheticSnapshots.twoTables(out, ID);

    VerifyResult result = verify(snapshot, false);

    assertEquals(List.of(), result.problems());
    assertTrue(result.ok());
    assertEquals(ID, result.id());
    assertEquals(2, result.filesChecked());
    long expectedBytes;
    try (Stream<Path> files = Files.walk(snapshot)) {
      expectedBytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    assertEquals(expectedBytes, result.bytesRead());
    assertEquals(0, result.rowsCounted());
  }

  @Test
  void deepCountsEveryRowIncludingValuesWithNewlinesAndQuotes() {
    Path snapshot = SyntheticSnapshots.twoTables(out, ID);

    VerifyResult result = verify(snapshot, true);

    assertEquals(List.of(), result.problems());
    assertEquals(5, result.rowsCounted());
  }

  @Test
  void deepVerifiesJsonLinesInGzip() {
    Path snapshot =
        SyntheticSnapshots.write(
            out,
            ID,
            DataFormat.JSONL,
            Compression.GZIP,
            List.of(new TableContent("t", "{\"v\":\"a\\nb\"}\n{\"v\":null}\n", 2)));

    VerifyResult result = verify(snapshot, true);

    assertEquals(List.of(), result.problems());
    assertEquals(2, result.rowsCounted());
  }

  @Test
  void deepReportsMalformedJsonLinesThatChecksumsCannotSee() {
    // The export wrote (and hashed) two objects on one line: checksums match, content does not.
    Path snapshot =
        SyntheticSnapshots.write(
            out,
            ID,
            DataFormat.JSONL,
            Compression.NONE,
            List.of(new TableContent("t", "{\"v\":1}{\"v\":2}\n", 2)));

    assertTrue(verify(snapshot, false).ok());
    VerifyResult deep = verify(snapshot, true);
    assertEquals(List.of(Kind.MALFORMED_DATA), kinds(deep));
    assertEquals("tables/public.t.jsonl", deep.problems().get(0).file());
  }

  @Test
  void aCorruptGzipStreamFailsDecompressionInDeepMode() throws IOException {
    Path snapshot =
        SyntheticSnapshots.write(
            out,
            ID,
            DataFormat.CSV,
            Compression.GZIP,
            List.of(SyntheticSnapshots.csv("g", 1, "x\n")));
    Path file = snapshot.resolve("tables/public.g.csv.gz");
    flipByte(file, 0); // the gzip magic number

    VerifyResult deep = verify(snapshot, true);

    assertEquals(List.of(Kind.CHECKSUM_MISMATCH, Kind.DECOMPRESSION_FAILED), kinds(deep));
    assertTrue(
        deep.problems().get(1).message().startsWith("does not decompress as gzip ("),
        deep.problems().get(1).message());
  }

  @Test
  void aFileLongerThanRecordedIsASizeMismatch() throws IOException {
    Path snapshot = SyntheticSnapshots.twoTables(out, ID);
    Files.write(
        snapshot.resolve(ZETA), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);

    VerifyResult result = verify(snapshot, false);

    assertEquals(List.of(Kind.SIZE_MISMATCH), kinds(result));
    assertTrue(lines(result).get(0).startsWith(ZETA + ": is "), lines(result).get(0));
    assertTrue(lines(result).get(0).contains("longer than the"), lines(result).get(0));
    // Bytes after the end of the compressed stream are also what the deep check finds.
    assertEquals(
        List.of(Kind.SIZE_MISMATCH, Kind.DECOMPRESSION_FAILED), kinds(verify(snapshot, true)));
  }

  @Test
  void aManifestPathOutsideTablesIsReportedAndNeverRead() throws IOException {
    Path snapshot = SyntheticSnapshots.twoTables(out, ID);
    Files.writeString(out.resolve("secret"), "not part of any snapshot");
    replaceInFile(
        snapshot.resolve("manifest.json"), "\"" + ALPHA + "\"", "\"tables/../../secret\"");

    VerifyResult result = verify(snapshot, false);

    assertTrue(
        lines(result)
            .contains(
                "manifest.json: lists the file 'tables/../../secret' for public.alpha, which is"
                    + " not a file inside tables/ (the path has a '..' segment): the manifest was"
                    + " changed; restore it from"
                    + " another copy or take a new snapshot"),
        () -> String.join("\n", lines(result)));
    assertTrue(kinds(result).contains(Kind.MANIFEST_INVALID)); // the schema's path pattern too
    assertEquals(1, result.filesChecked());
    assertFalse(result.problems().stream().anyMatch(p -> p.file().contains("secret")));
  }

  @Test
  void aMissingManifestChecksumIsReportedAndTheFileIsNoExtraWhenPresent() throws IOException {
    Path snapshot = SyntheticSnapshots.twoTables(out, ID);
    assertEquals(List.of(), verify(snapshot, false).problems());
    Files.delete(snapshot.resolve("manifest.sha256"));

    VerifyResult result = verify(snapshot, false);

    assertEquals(
        List.of(
            "manifest.sha256: is missing, so nothing shows whether manifest.json was changed after"
                + " the snapshot was written; restore it from another copy or take a new"
                + " snapshot"),
        lines(result));
    assertEquals(List.of(Kind.CHECKSUMS_MISSING), kinds(result));
  }

  @Test
  void aTablesFolderReplacedByALinkIsReportedAndNotFollowed() throws IOException {
    Path snapshot = SyntheticSnapshots.twoTables(out, ID);
    Path elsewhere = Files.move(snapshot.resolve("tables"), out.resolve("elsewhere"));
    Files.createSymbolicLink(snapshot.resolve("tables"), elsewhere);

    VerifyResult result = verify(snapshot, false);

    assertEquals(
        List.of(
            "tables: is a symbolic link, so no table file can be read; restore it from another"
                + " copy or take a new snapshot"),
        lines(result));
    assertEquals(0, result.filesChecked());
  }

  @Test
  void aSymbolicLinkInPlaceOfATableFileIsNotFollowed() throws IOException {
    Path snapshot = SyntheticSnapshots.twoTables(out, ID);
    Path alpha = snapshot.resolve(ALPHA);
    Path elsewhere = Files.move(alpha, out.resolve("alpha-elsewhere"));
    Files.createSymbolicLink(alpha, elsewhere);

    VerifyResult result = verify(snapshot, false);

    assertEquals(
        List.of(
            ALPHA
                + ": is a symbolic link, not the file pgsnap wrote; replace it with the file from"
                + " another copy or take a new snapshot"),
        lines(result));
    assertEquals(Kind.NOT_A_FILE, result.problems().get(0).kind());
  }

  @Test
  void aFolderInsideTablesIsAnExtraFile() throws IOException {
    Path snapshot = SyntheticSnapshots.twoTables(out, ID);
    Files.createDirectories(snapshot.resolve("tables/more/deeper"));

    VerifyResult result = verify(snapshot, false);

    assertEquals(List.of(Kind.EXTRA_FILE), kinds(result));
    assertEquals("tables/more/", result.problems().get(0).file());
  }

  @Test
  void withoutAManifestTheFilesAreCheckedAgainstSha256sums() throws IOException {
    Path snapshot = SyntheticSnapshots.twoTables(out, ID);
    Files.delete(snapshot.resolve("manifest.json"));
    flipByte(snapshot.resolve(ZETA), 10);

    VerifyResult result = verify(snapshot, true);

    assertEquals(
        List.of(
            "manifest.json: is missing: nothing records which tables the snapshot holds, their"
                + " row counts or their DDL; restore it from another copy or take a new snapshot",
            ZETA
                + ": SHA-256 differs from SHA256SUMS: the file was changed or corrupted; restore"
                + " it from another copy or take a new snapshot"),
        lines(result));
    assertEquals(2, result.filesChecked());
  }

  @Test
  void aManifestThatIsNotJsonIsOneProblemAndTheFilesAreStillChecked() throws IOException {
    Path snapshot = SyntheticSnapshots.twoTables(out, ID);
    Files.writeString(snapshot.resolve("manifest.json"), "{ not json");

    VerifyResult result = verify(snapshot, false);

    assertEquals(List.of(Kind.MANIFEST_INVALID), kinds(result));
    assertTrue(lines(result).get(0).contains("not valid JSON"), lines(result).get(0));
    assertEquals(2, result.filesChecked());
  }

  @Test
  void aChangedSha256sumsLineIsBlamedOnSha256sumsWhenTheFileMatchesTheManifest()
      throws IOException {
    Path snapshot = SyntheticSnapshots.twoTables(out, ID);
    Path sums = snapshot.resolve("SHA256SUMS");
    String text = Files.readString(sums);
    Files.writeString(sums, "0".repeat(64) + text.substring(64));

    VerifyResult result = verify(snapshot, false);

    assertEquals(List.of(Kind.OVERALL_CHECKSUM_MISMATCH, Kind.CHECKSUMS_MISMATCH), kinds(result));
    assertEquals(
        "SHA256SUMS: lists another SHA-256 for "
            + ALPHA
            + " than the manifest and the file have: SHA256SUMS was changed; restore it from"
            + " another copy or take a new snapshot",
        lines(result).get(1));
  }

  @Test
  void aChangedStoredSizeInTheManifestIsBlamedOnTheManifest() throws IOException {
    Path snapshot = SyntheticSnapshots.twoTables(out, ID);
    long size = Files.size(snapshot.resolve(ZETA));
    String manifest = Files.readString(snapshot.resolve("manifest.json"));
    int at = manifest.indexOf("\"file\" : \"" + ZETA + "\"");
    String before = "\"storedBytes\" : " + size + ",";
    int sizeAt = manifest.indexOf(before, at);
    Files.writeString(
        snapshot.resolve("manifest.json"),
        manifest.substring(0, sizeAt)
            + "\"storedBytes\" : "
            + (size + 1)
            + ","
            + manifest.substring(sizeAt + before.length()));

    VerifyResult result = verify(snapshot, false);

    assertEquals(
        List.of(Kind.MANIFEST_MISMATCH, Kind.MANIFEST_MISMATCH, Kind.MANIFEST_MISMATCH),
        kinds(result));
    assertTrue(lines(result).get(0).startsWith("manifest.json: totals.storedBytes is "));
    assertTrue(
        lines(result).get(1).contains("manifest.json was changed after the snapshot was written"));
    assertEquals(
        "manifest.json: records "
            + (size + 1)
            + " bytes for "
            + ZETA
            + ", but the file has "
            + size
            + " and its SHA-256 matches: the manifest was changed; restore it from another copy"
            + " or take a new snapshot",
        lines(result).get(2));
  }

  @Test
  void aMissingFolderIsAStorageFailure() {
    PgsnapException e =
        assertThrows(
            PgsnapException.class, () -> verify(out.resolve("shop-20990101T000000Z"), false));
    assertEquals(ErrorCode.STORAGE, e.code());
    assertTrue(e.getMessage().startsWith("no snapshot folder "), e.getMessage());
  }

  @Test
  void aFileIsAUsageError() throws IOException {
    Path snapshot = SyntheticSnapshots.twoTables(out, ID);
    PgsnapException e =
        assertThrows(PgsnapException.class, () -> verify(snapshot.resolve("manifest.json"), false));
    assertEquals(ErrorCode.USAGE, e.code());
  }

  @Test
  void theFolderOfAllSnapshotsIsAUsageErrorThatSaysWhatToPass() {
    SyntheticSnapshots.twoTables(out, ID);
    PgsnapException e = assertThrows(PgsnapException.class, () -> verify(out, false));
    assertEquals(ErrorCode.USAGE, e.code());
    assertTrue(e.getMessage().contains("is not a snapshot folder"), e.getMessage());
  }

  @Test
  void anEmptyFolderNamedLikeASnapshotIsABrokenSnapshot() throws IOException {
    Path empty = Files.createDirectories(out.resolve(ID));

    VerifyResult result = verify(empty, false);

    assertEquals(List.of(Kind.MANIFEST_MISSING, Kind.CHECKSUMS_MISSING), kinds(result));
  }

  @Test
  void eachVerificationAppendsOneLogLineBesideTheSnapshot() throws IOException {
    Path snapshot = SyntheticSnapshots.twoTables(out, ID);
    verify(snapshot, false);
    Files.delete(snapshot.resolve(ALPHA));
    verify(snapshot, true);

    List<String> lines = Files.readAllLines(out.resolve(OperationLog.FILE_NAME));
    assertEquals(2, lines.size());
    ObjectMapper json = new ObjectMapper();
    JsonNode first = json.readTree(lines.get(0));
    assertEquals("verify", first.get("command").asText());
    assertEquals(ID, first.get("snapshot").asText());
    assertEquals("success", first.get("outcome").asText());
    assertEquals("2026-01-02T04:00:00Z", first.get("time").asText());
    assertEquals(0, first.get("problems").asInt());
    JsonNode second = json.readTree(lines.get(1));
    assertEquals("failure", second.get("outcome").asText());
    assertEquals(1, second.get("problems").asInt());
    assertEquals("[\"file_missing\"]", second.get("problemKinds").toString());
    assertTrue(second.get("deep").asBoolean());
  }

  @Test
  void aFailedVerificationOfAMissingFolderIsLoggedInItsParent() throws IOException {
    assertThrows(PgsnapException.class, () -> verify(out.resolve(ID), false));

    JsonNode entry =
        new ObjectMapper().readTree(Files.readString(out.resolve(OperationLog.FILE_NAME)));
    assertEquals("failure", entry.get("outcome").asText());
    assertEquals("storage", entry.get("errorCode").asText());
  }

  @Test
  void theLogIsNotWrittenWhereTheParentFolderIsMissing() {
    Path nowhere = out.resolve("missing/" + ID);
    assertThrows(PgsnapException.class, () -> verify(nowhere, false));
    assertFalse(Files.exists(out.resolve("missing")));
  }

  @Test
  void aPartialFolderIsReportedAndOtherwiseChecked() throws IOException {
    Path snapshot = SyntheticSnapshots.twoTables(out, ID);
    Path partial = Files.move(snapshot, out.resolve(ID + ".partial"));

    VerifyResult result = verify(partial, false);

    assertEquals(List.of(Kind.PARTIAL), kinds(result));
    assertEquals(ID + ".partial", result.problems().get(0).file());
    assertEquals(ID, result.id());
    assertEquals(2, result.filesChecked());
  }

  @Test
  void aPathNameWithoutTablesPrefixIsNotATableFile() {
    assertTrue(io.pgsnap.snapshot.TablePaths.isTableFile("tables/public.t.csv.zst"));
    assertFalse(io.pgsnap.snapshot.TablePaths.isTableFile("tables/.."));
    assertFalse(io.pgsnap.snapshot.TablePaths.isTableFile("tables/a/b"));
    assertFalse(io.pgsnap.snapshot.TablePaths.isTableFile("tables/"));
    assertFalse(io.pgsnap.snapshot.TablePaths.isTableFile("manifest.json"));
    assertFalse(io.pgsnap.snapshot.TablePaths.isTableFile("/etc/passwd"));
  }
}
