package io.pgsnap.snapshot;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.pgsnap.catalog.Sequence;
import io.pgsnap.catalog.UsedObject;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot's {@code manifest.json}: what was exported, from where, how, and the checksums that
 * prove it. Its JSON Schema is {@code schema/manifest.schema.json}; {@link ManifestJson} reads and
 * writes it.
 *
 * @param formatVersion the snapshot format version, {@value #FORMAT_VERSION} for this release
 * @param tool the program that wrote the snapshot
 * @param id the snapshot id, also its folder name
 * @param label the user's label, or {@code null}
 * @param startedAt when the export started (its database snapshot was taken just after)
 * @param finishedAt when the last file was written
 * @param source the server and database exported, without any password
 * @param options the export options that shaped the files
 * @param tables every exported table, in name order
 * @param sequences every exported sequence with its value, in name order
 * @param objects what the tables use (schemas, types, collations, functions, extensions), in
 *     dependency order; recorded since format version 4, empty for older manifests
 * @param totals sums over the tables
 * @param overallChecksum the SHA-256 of the snapshot's {@code SHA256SUMS} file
 * @param encryption in the public {@code manifest.json} of an encrypted snapshot (format version 7
 *     on), where its complete manifest is kept; such a manifest records no sequences, no objects
 *     and of each table only its files and figures (see {@link PublicManifest}). Null otherwise,
 *     also in the complete manifest of an encrypted snapshot.
 */
public record Manifest(
    int formatVersion,
    Tool tool,
    String id,
    String label,
    Instant startedAt,
    Instant finishedAt,
    Source source,
    ExportSettings options,
    List<ManifestTable> tables,
    List<Sequence> sequences,
    List<UsedObject> objects,
    Totals totals,
    String overallChecksum,
    @JsonInclude(JsonInclude.Include.NON_NULL) ManifestEncryption encryption) {

  /**
   * The snapshot format this release writes. Version 2 added {@code manifest.sha256} (see {@link
   * ManifestChecksum}); version 3 added each table's {@link ManifestTable#attached()} objects;
   * version 4 the {@link #objects()} the tables use; version 5 content fingerprints; version 6
   * tables stored in parts; version 7 encrypted snapshots ({@link #encryption()}). Older versions
   * are still read, with nothing recorded for what they lack.
   */
  public static final int FORMAT_VERSION = 7;

  public Manifest {
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(options, "options");
    tables = List.copyOf(tables);
    // The public manifest of an encrypted snapshot has no "sequences" property.
    sequences = sequences == null ? List.of() : List.copyOf(sequences);
    // Manifests before format version 4 have no "objects" property.
    objects = objects == null ? List.of() : List.copyOf(objects);
    Objects.requireNonNull(totals, "totals");
    Objects.requireNonNull(overallChecksum, "overallChecksum");
  }

  /** A manifest of a snapshot that is not encrypted, or the complete one of one that is. */
  public Manifest(
      int formatVersion,
      Tool tool,
      String id,
      String label,
      Instant startedAt,
      Instant finishedAt,
      Source source,
      ExportSettings options,
      List<ManifestTable> tables,
      List<Sequence> sequences,
      List<UsedObject> objects,
      Totals totals,
      String overallChecksum) {
    this(
        formatVersion,
        tool,
        id,
        label,
        startedAt,
        finishedAt,
        source,
        options,
        tables,
        sequences,
        objects,
        totals,
        overallChecksum,
        null);
  }

  /**
   * Whether this is the public manifest of an encrypted snapshot, which lacks what only the
   * complete one records.
   */
  @JsonIgnore
  public boolean isEncrypted() {
    return encryption != null;
  }

  /** A manifest with nothing used recorded, as one before format version 4 reads. */
  public Manifest(
      int formatVersion,
      Tool tool,
      String id,
      String label,
      Instant startedAt,
      Instant finishedAt,
      Source source,
      ExportSettings options,
      List<ManifestTable> tables,
      List<Sequence> sequences,
      Totals totals,
      String overallChecksum) {
    this(
        formatVersion,
        tool,
        id,
        label,
        startedAt,
        finishedAt,
        source,
        options,
        tables,
        sequences,
        List.of(),
        totals,
        overallChecksum);
  }

  /** The program that wrote a snapshot. */
  public record Tool(String name, String version) {}

  /** Sums over a snapshot's tables. */
  public record Totals(int tables, long rows, long storedBytes, long rawBytes) {}
}
