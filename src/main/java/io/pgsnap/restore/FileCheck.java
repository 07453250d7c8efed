package io.pgsnap.restore;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.snapshot.Hashing;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.ManifestTable;
import io.pgsnap.snapshot.SnapshotWriter;
import io.pgsnap.snapshot.StorageErrors;
import io.pgsnap.verify.ChecksumsFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Checks the files a restore will load before it touches the database: {@code SHA256SUMS} against
 * the manifest's overall checksum, and each file's size and SHA-256 against both. Every problem is
 * reported at once, each naming its file. Files of tables not being restored are not read.
 */
final class FileCheck {
  private static final int BUFFER = 256 * 1024;

  private FileCheck() {}

  /**
   * Checks {@code tables}' files in {@code snapshot}.
   *
   * @throws PgsnapException {@link ErrorCode#INTEGRITY} naming every file that fails
   */
  static void check(Path snapshot, Manifest manifest, List<ManifestTable> tables) {
    List<String> problems = new ArrayList<>();
    Path sumsFile = snapshot.resolve(SnapshotWriter.CHECKSUMS);
    ChecksumsFile sums = null;
    try {
      byte[] content = Files.readAllBytes(sumsFile);
      if (!Hashing.sha256Hex(content).equals(manifest.overallChecksum())) {
        problems.add(
            SnapshotWriter.CHECKSUMS
                + " does not match the manifest's overall checksum (one of them was changed)");
      }
      sums = ChecksumsFile.parse(content);
    } catch (NoSuchFileException e) {
      problems.add(SnapshotWriter.CHECKSUMS + " is missing");
    } catch (IOException e) {
      throw StorageErrors.readFailed(sumsFile, e);
    }
    for (ManifestTable t : tables) {
      String listed = sums == null ? null : sums.entries().get(t.file());
      if (sums != null && listed == null) {
        problems.add(t.file() + " is not listed in " + SnapshotWriter.CHECKSUMS);
      }
      Path file = snapshot.resolve(t.file());
      try {
        long size = Files.size(file);
        if (size != t.storedBytes()) {
          problems.add(
              t.file()
                  + " has "
                  + size
                  + " bytes, the manifest says "
                  + t.storedBytes()
                  + (size < t.storedBytes()
                      ? " (the file is truncated)"
                      : " (the file is damaged)"));
          continue;
        }
        String actual = sha256(file);
        if (!actual.equals(t.sha256())) {
          // Which of the three disagrees tells the user what was changed.
          problems.add(
              t.file()
                  + (actual.equals(listed)
                      ? ": the file matches its checksum in "
                          + SnapshotWriter.CHECKSUMS
                          + " but not the manifest's (the manifest was changed)"
                      : ": its SHA-256 differs from the manifest's (the file is damaged)"));
        } else if (listed != null && !listed.equals(actual)) {
          problems.add(
              t.file()
                  + ": its checksum in "
                  + SnapshotWriter.CHECKSUMS
                  + " differs from the file's and the manifest's ("
                  + SnapshotWriter.CHECKSUMS
                  + " was changed)");
        }
      } catch (NoSuchFileException e) {
        problems.add(t.file() + " is missing");
      } catch (IOException e) {
        throw StorageErrors.readFailed(file, e);
      }
    }
    if (!problems.isEmpty()) {
      throw new PgsnapException(
          ErrorCode.INTEGRITY,
          "snapshot "
              + snapshot
              + " failed its checks, so nothing was restored: "
              + String.join("; ", problems)
              + ". Run `pgsnap verify "
              + snapshot
              + "` for a full report, and restore from an intact snapshot");
    }
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest = Hashing.sha256();
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
