package io.pgsnap.testsupport;

import io.pgsnap.catalog.Column;
import io.pgsnap.catalog.Ddl;
import io.pgsnap.catalog.Sequence;
import io.pgsnap.catalog.Table;
import io.pgsnap.catalog.TableId;
import io.pgsnap.catalog.TableSelection;
import io.pgsnap.fingerprint.Fingerprint;
import io.pgsnap.snapshot.Compression;
import io.pgsnap.snapshot.DataFormat;
import io.pgsnap.snapshot.ExportSettings;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.ManifestTable;
import io.pgsnap.snapshot.Source;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Small synthetic manifests for unit tests of what reads manifests. */
public final class SampleManifests {
  public static final Instant STARTED = Instant.parse("2026-11-23T09:15:45.063Z");
  public static final Instant FINISHED = Instant.parse("2026-11-23T09:15:47.263Z");

  private SampleManifests() {}

  /** A plain column: not null-constrained, no default, not generated. */
  public static Column column(String name, String type) {
    return new Column(
        name, type, false, null, Column.Generated.NONE, null, Column.Identity.NONE, null);
  }

  /** A stored generated column, which table files leave out. */
  public static Column generated(String name, String type, String expression) {
    return new Column(
        name, type, false, null, Column.Generated.STORED, expression, Column.Identity.NONE, null);
  }

  /** An ordinary table in CSV/zstd with these columns, its DDL derived from them. */
  public static ManifestTable table(
      String schema, String name, long rows, String sha256, Column... columns) {
    TableId id = new TableId(schema, name);
    List<Column> cols = List.of(columns);
    return new ManifestTable(
        schema,
        name,
        Table.Kind.ORDINARY,
        "tables/" + schema + "." + name + ".csv.zst",
        DataFormat.CSV,
        Compression.ZSTD,
        rows,
        100 + rows,
        10 * rows,
        sha256,
        cols.stream().filter(Column::isCopied).map(Column::name).toList(),
        cols,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        new Ddl(
            "CREATE TABLE "
                + id.sql()
                + " (\n"
                + cols.stream()
                    .map(c -> "    \"" + c.name() + "\" " + c.type())
                    .collect(Collectors.joining(",\n"))
                + "\n)",
            List.of(),
            List.of(),
            List.of(),
            List.of()),
        io.pgsnap.catalog.Attached.NONE,
        new Fingerprint(rows, "0".repeat(64)),
        List.of());
  }

  /** The same table with other DDL. */
  public static ManifestTable withDdl(ManifestTable t, Ddl ddl) {
    return copy(t, t.format(), t.compression(), t.sha256(), ddl, t.attached(), t.fingerprint());
  }

  /** The same table with {@code attached} recorded as attached to it. */
  public static ManifestTable withAttached(ManifestTable t, io.pgsnap.catalog.Attached attached) {
    return copy(t, t.format(), t.compression(), t.sha256(), t.ddl(), attached, t.fingerprint());
  }

  /** The same table written in another format and compression (same rows, other checksum). */
  public static ManifestTable writtenAs(
      ManifestTable t, DataFormat format, Compression compression, String sha256) {
    return copy(t, format, compression, sha256, t.ddl(), t.attached(), t.fingerprint());
  }

  /** The same table without a content fingerprint, as a manifest before format version 5 has it. */
  public static ManifestTable withoutFingerprint(ManifestTable t) {
    return withFingerprint(t, null);
  }

  /** The same table with another content fingerprint. */
  public static ManifestTable withFingerprint(ManifestTable t, Fingerprint fingerprint) {
    return copy(t, t.format(), t.compression(), t.sha256(), t.ddl(), t.attached(), fingerprint);
  }

  private static ManifestTable copy(
      ManifestTable t,
      DataFormat format,
      Compression compression,
      String sha256,
      Ddl ddl,
      io.pgsnap.catalog.Attached attached,
      Fingerprint fingerprint) {
    return new ManifestTable(
        t.schema(),
        t.name(),
        t.kind(),
        t.file(),
        format,
        compression,
        t.rows(),
        t.storedBytes(),
        t.rawBytes(),
        sha256,
        t.fileColumns(),
        t.columns(),
        t.primaryKey(),
        t.constraints(),
        t.foreignKeys(),
        t.indexes(),
        t.dependsOn(),
        t.inheritsFrom(),
        t.partitions(),
        ddl,
        attached,
        fingerprint,
        List.of());
  }

  /** A manifest of format version 4, before content fingerprints, of these tables without them. */
  public static Manifest beforeFingerprints(String id, ManifestTable... tables) {
    Manifest m =
        manifest(
            id,
            TableSelection.defaults(),
            Arrays.stream(tables).map(SampleManifests::withoutFingerprint).toList(),
            List.of());
    return new Manifest(
        4,
        m.tool(),
        m.id(),
        m.label(),
        m.startedAt(),
        m.finishedAt(),
        m.source(),
        m.options(),
        m.tables(),
        m.sequences(),
        m.objects(),
        m.totals(),
        m.overallChecksum());
  }

  /** A manifest of database {@code appdb} with these tables and sequences. */
  public static Manifest manifest(
      String id, TableSelection selection, List<ManifestTable> tables, List<Sequence> sequences) {
    DataFormat format = tables.isEmpty() ? DataFormat.CSV : tables.get(0).format();
    Compression compression = tables.isEmpty() ? Compression.ZSTD : tables.get(0).compression();
    return new Manifest(
        Manifest.FORMAT_VERSION,
        new Manifest.Tool("pgsnap", "0.1.0"),
        id,
        null,
        STARTED,
        FINISHED,
        new Source(
            "15.8 (Debian 15.8-0+deb12u1)",
            150008,
            "appdb",
            "db.example.com",
            5432,
            "app",
            "UTF8",
            Map.of("TimeZone", "UTC")),
        new ExportSettings(format, compression, 1, selection),
        tables,
        sequences,
        new Manifest.Totals(
            tables.size(),
            tables.stream().mapToLong(ManifestTable::rows).sum(),
            tables.stream().mapToLong(ManifestTable::storedBytes).sum(),
            tables.stream().mapToLong(ManifestTable::rawBytes).sum()),
        "0".repeat(64));
  }

  /** A manifest with the default selection and no sequences. */
  public static Manifest manifest(String id, ManifestTable... tables) {
    return manifest(id, TableSelection.defaults(), List.of(tables), List.of());
  }
}
