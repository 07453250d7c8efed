package io.pgsnap.snapshot;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code manifest.sha256}: the SHA-256 of {@code manifest.json}, in {@code sha256sum}'s format, so
 * {@code sha256sum -c manifest.sha256} checks it too. Written from format version 2 on.
 *
 * <p>{@code SHA256SUMS} covers the table files and the manifest's overall checksum covers {@code
 * SHA256SUMS}, but nothing covered the manifest itself: an edit that kept it valid and its totals
 * consistent (say, other DDL) went unnoticed. This file closes that gap against accidents and
 * careless edits. It is no protection against someone who can rewrite every file of the snapshot:
 * they can recompute every checksum, this one included. Only a signature made with a key they do
 * not hold can prove a snapshot unchanged.
 */
public final class ManifestChecksum {
  /** The file's name in a snapshot folder. */
  public static final String FILE = "manifest.sha256";

  /** The first snapshot format version that has this file. */
  public static final int SINCE_FORMAT_VERSION = 2;

  private static final Pattern LINE =
      Pattern.compile("([0-9A-Fa-f]{64}) [ *]" + Pattern.quote(SnapshotWriter.MANIFEST) + "\n?");

  private ManifestChecksum() {}

  /** The file's content for a manifest of these bytes. */
  public static byte[] content(byte[] manifestJson) {
    return (Hashing.sha256Hex(manifestJson) + "  " + SnapshotWriter.MANIFEST + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The checksum the file records, lower-case hex.
   *
   * @return empty when the content is not one {@code sha256sum} line for {@code manifest.json}
   */
  public static Optional<String> parse(byte[] content) {
    Matcher m = LINE.matcher(new String(content, StandardCharsets.UTF_8));
    return m.matches() ? Optional.of(m.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
  }
}
