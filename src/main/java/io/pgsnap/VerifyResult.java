package io.pgsnap;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What verifying one snapshot found. A snapshot that fails verification is a result with problems,
 * not an exception: every problem is reported, not only the first.
 *
 * @param snapshot where the snapshot is: its folder, as given, or its {@code s3://} location
 * @param id the snapshot id: the folder's name without any {@code .partial} suffix
 * @param deep whether files were decompressed and their rows counted
 * @param problems everything that is wrong, in the order found (folder, manifest, {@code
 *     SHA256SUMS}, then table files by path); empty when the snapshot verifies
 * @param filesChecked how many table files were found and read
 * @param bytesRead how many bytes were read from disk, manifest and {@code SHA256SUMS} included
 * @param rowsCounted how many rows the deep check counted in files that decompressed and parsed; 0
 *     without {@code deep}
 * @param elapsed how long verification took
 * @param signature what is known of the snapshot's signatures
 */
public record VerifyResult(
    String snapshot,
    String id,
    boolean deep,
    List<Problem> problems,
    int filesChecked,
    long bytesRead,
    long rowsCounted,
    Duration elapsed,
    Signature signature) {

  public VerifyResult {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(id, "id");
    problems = List.copyOf(problems);
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(signature, "signature");
  }

  /**
   * The snapshot's signatures ({@code SHA256SUMS.sig}, {@code manifest.json.sig}), as far as
   * verification could judge them.
   */
  public enum Signature {
    /** There is no signature file, and no signature was required. */
    NONE,
    /** Signature files are there, but no key was given to check them: they prove nothing yet. */
    NOT_CHECKED,
    /** Both records are signed by the required key, over exactly their bytes. */
    GOOD,
    /**
     * A signature was required and one is missing, by another key, or does not match: see the
     * {@link Problem.Kind#BAD_SIGNATURE} problems.
     */
    REFUSED
  }

  /** Whether the snapshot verified: no problem was found. */
  public boolean ok() {
    return problems.isEmpty();
  }

  /**
   * One thing wrong with a snapshot.
   *
   * @param file what the problem is about, relative to the snapshot folder ({@code
   *     tables/public.orders.csv.zst}, {@code manifest.json}, {@code SHA256SUMS}), or the folder's
   *     own name for a problem of the whole folder
   * @param kind what sort of problem it is, for programs that act on it
   * @param message what is wrong and what to do about it, without the file name
   */
  public record Problem(String file, Kind kind, String message) {
    public Problem {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(message, "message");
    }

    /** The problem as one line for people: {@code <file>: <message>}. */
    public String line() {
      return file + ": " + message;
    }

    /** What sort of problem a {@link Problem} is. */
    public enum Kind {
      /** The folder still has its {@code .partial} suffix: its export is running or died. */
      PARTIAL,
      /** There is no {@code manifest.json}. */
      MANIFEST_MISSING,
      /** {@code manifest.json} is not JSON, not a manifest, or not valid against the schema. */
      MANIFEST_INVALID,
      /**
       * The manifest contradicts itself (totals), or records a checksum or size that neither the
       * file nor {@code SHA256SUMS} has: the manifest was changed.
       */
      MANIFEST_MISMATCH,
      /** There is no {@code SHA256SUMS}. */
      CHECKSUMS_MISSING,
      /** A line of {@code SHA256SUMS} is not in {@code sha256sum}'s format. */
      CHECKSUMS_INVALID,
      /** {@code SHA256SUMS} lists other files or other checksums than the manifest. */
      CHECKSUMS_MISMATCH,
      /** The SHA-256 of {@code SHA256SUMS} differs from the manifest's overall checksum. */
      OVERALL_CHECKSUM_MISMATCH,
      /** A file the manifest (or {@code SHA256SUMS}) lists is not there. */
      FILE_MISSING,
      /** Something in the folder that the snapshot does not list. */
      EXTRA_FILE,
      /** A listed path is a folder, a symbolic link or a special file instead of a file. */
      NOT_A_FILE,
      /** A file that should hold data has zero bytes. */
      EMPTY_FILE,
      /** A file is shorter (truncated) or longer than the manifest records. */
      SIZE_MISMATCH,
      /** A file's SHA-256 differs from the manifest's: its content changed. */
      CHECKSUM_MISMATCH,
      /** A file could not be read: permission denied or an I/O error. */
      UNREADABLE,
      /** Deep check: a file does not decompress (corrupt zstd or gzip data). */
      DECOMPRESSION_FAILED,
      /** Deep check: a file's content is not well-formed CSV or JSON Lines. */
      MALFORMED_DATA,
      /** Deep check: a file holds another number of rows than the manifest records. */
      ROW_COUNT_MISMATCH,
      /** Deep check: a file decompresses to another number of bytes than the manifest records. */
      RAW_SIZE_MISMATCH,
      /**
       * Deep check: a file's rows differ in content from what the manifest's fingerprint records,
       * though their number is the same.
       */
      CONTENT_MISMATCH,
      /**
       * A signature was required and {@code SHA256SUMS} or {@code manifest.json} is not signed, is
       * signed by another key, or was changed after it was signed (or its signature was).
       */
      BAD_SIGNATURE
    }
  }
}
