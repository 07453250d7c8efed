package io.pgsnap.verify;

import io.pgsnap.catalog.Column;
import io.pgsnap.snapshot.ManifestTable;
import io.pgsnap.verify.Comparison.Difference;
import io.pgsnap.verify.Comparison.Side;
import io.pgsnap.verify.ContentComparison.TableContent;
import java.util.List;
import java.util.Optional;

/** When two sides' content can be compared, and how a content difference reads: pure. */
final class ContentDifferences {
  /** The manifest format version that introduced content fingerprints. */
  static final int FINGERPRINTS_SINCE = 5;

  private ContentDifferences() {}

  /**
   * Why {@code table}'s content cannot be compared with a side whose copied columns are {@code
   * otherColumns}, if it cannot: the snapshot recorded no fingerprint, or the columns differ (the
   * same rows would then print differently, so a difference would say nothing about the values).
   *
   * @param formatVersion the format version of {@code table}'s manifest
   */
  static Optional<String> whyNot(
      ManifestTable table,
      int formatVersion,
      List<Column> otherColumns,
      Side tableSide,
      Side otherSide) {
    if (table.recordedFingerprint().isEmpty()) {
      return Optional.of(noFingerprints(tableSide, formatVersion));
    }
    if (Differences.columns(table.columns(), otherColumns, tableSide, otherSide).isPresent()) {
      return Optional.of(
          "its columns differ between " + tableSide.name() + " and " + otherSide.name());
    }
    return Optional.empty();
  }

  /** Why a table of a snapshot of {@code formatVersion} has no content to compare. */
  static String noFingerprints(Side side, int formatVersion) {
    if (formatVersion >= FINGERPRINTS_SINCE) {
      return side.name() + " records no content fingerprint of it";
    }
    return side.name()
        + " records no content fingerprints (manifest format "
        + formatVersion
        + "; they came with format "
        + FINGERPRINTS_SINCE
        + ")";
  }

  /** Two snapshots' tables compared by their recorded fingerprints. */
  static TableContent offline(
      ManifestTable a, int aFormat, ManifestTable b, int bFormat, Side first, Side second) {
    Optional<String> why =
        a.recordedFingerprint().isPresent() && b.recordedFingerprint().isEmpty()
            ? Optional.of(noFingerprints(second, bFormat))
            : whyNot(a, aFormat, b.columns(), first, second);
    if (why.isPresent()) {
      return TableContent.notCompared(
          a.id(),
          a.recordedFingerprint().orElse(null),
          b.recordedFingerprint().orElse(null),
          why.get());
    }
    return TableContent.of(a.id(), a.recordedFingerprint().get(), b.recordedFingerprint().get());
  }

  /** The difference a table with differing content shows in the comparison's table. */
  static Difference content() {
    return new Difference(Difference.Kind.CONTENT, "content differs", List.of());
  }
}
