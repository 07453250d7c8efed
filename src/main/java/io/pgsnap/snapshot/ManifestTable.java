package io.pgsnap.snapshot;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.pgsnap.catalog.Attached;
import io.pgsnap.catalog.Column;
import io.pgsnap.catalog.Constraint;
import io.pgsnap.catalog.Ddl;
import io.pgsnap.catalog.ForeignKey;
import io.pgsnap.catalog.Index;
import io.pgsnap.catalog.Partition;
import io.pgsnap.catalog.Table;
import io.pgsnap.catalog.TableId;
import io.pgsnap.fingerprint.Fingerprint;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One exported table in a manifest: its file and checksums, and the catalog facts a restore needs.
 *
 * @param schema the table's schema
 * @param name the table's name
 * @param kind ordinary or partitioned (a partitioned table's rows are exported through it)
 * @param file the data file, relative to the snapshot folder ({@code tables/...})
 * @param format how rows are written in the file
 * @param compression how the file is compressed
 * @param rows how many rows the file holds
 * @param storedBytes the file's size
 * @param rawBytes the size of the uncompressed rows
 * @param sha256 the file's SHA-256, lower-case hex
 * @param fileColumns the columns the file holds, in file order (generated columns are not stored)
 * @param columns every column of the table
 * @param primaryKey the primary key columns in key order; empty when there is none
 * @param constraints primary key, unique, check and exclusion constraints
 * @param foreignKeys foreign keys
 * @param indexes indexes no constraint owns
 * @param dependsOn the other tables the foreign keys reference
 * @param inheritsFrom inheritance parents
 * @param partitions partitions below a partitioned table
 * @param ddl the statements that recreate the table; null in the public manifest of an encrypted
 *     snapshot, which also records none of the lists from {@code fileColumns} to {@code partitions}
 *     (they read as empty), nothing attached and no fingerprint
 * @param attached what is attached to the table (owner, privileges, comments, storage parameters,
 *     replica identity, row security, triggers, rules, column settings), recorded since format
 *     version 3; {@link Attached#NONE} for older manifests. {@code restore --create} recreates it
 *     on the tables it creates.
 * @param fingerprint the content fingerprint of the file's rows, recorded since format version 5;
 *     null for older manifests
 * @param parts the files of a table stored in several parts, in block order (format version 6 on);
 *     empty for a table stored in one file. A split table has no {@code file} or {@code sha256} of
 *     its own; its {@code rows}, bytes and {@code fingerprint} are the sums of its parts'.
 */
public record ManifestTable(
    String schema,
    String name,
    Table.Kind kind,
    @JsonInclude(JsonInclude.Include.NON_NULL) String file,
    DataFormat format,
    Compression compression,
    long rows,
    long storedBytes,
    long rawBytes,
    @JsonInclude(JsonInclude.Include.NON_NULL) String sha256,
    List<String> fileColumns,
    List<Column> columns,
    List<String> primaryKey,
    List<Constraint> constraints,
    List<ForeignKey> foreignKeys,
    List<Index> indexes,
    List<TableId> dependsOn,
    List<TableId> inheritsFrom,
    List<Partition> partitions,
    Ddl ddl,
    Attached attached,
    @JsonInclude(JsonInclude.Include.NON_NULL) Fingerprint fingerprint,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<TablePart> parts) {

  public ManifestTable {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    parts = parts == null ? List.of() : List.copyOf(parts);
    if (parts.isEmpty()) {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(sha256, "sha256");
    } else if (file != null || sha256 != null) {
      throw new IllegalArgumentException(
          "a table stored in parts has no file or sha256 of its own: " + schema + "." + name);
    }
    // The public manifest of an encrypted snapshot records none of these (format version 7).
    fileColumns = orEmpty(fileColumns);
    columns = orEmpty(columns);
    primaryKey = orEmpty(primaryKey);
    constraints = orEmpty(constraints);
    foreignKeys = orEmpty(foreignKeys);
    indexes = orEmpty(indexes);
    dependsOn = orEmpty(dependsOn);
    inheritsFrom = orEmpty(inheritsFrom);
    partitions = orEmpty(partitions);
    // Manifests before format version 3 have no "attached" property.
    attached = attached == null ? Attached.NONE : attached;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  /** The content fingerprint of the file's rows, when the manifest records one (format 5 on). */
  public Optional<Fingerprint> recordedFingerprint() {
    return Optional.ofNullable(fingerprint);
  }

  /** An entry with nothing attached recorded, as a manifest before format version 3 reads. */
  public ManifestTable(
      String schema,
      String name,
      Table.Kind kind,
      String file,
      DataFormat format,
      Compression compression,
      long rows,
      long storedBytes,
      long rawBytes,
      String sha256,
      List<String> fileColumns,
      List<Column> columns,
      List<String> primaryKey,
      List<Constraint> constraints,
      List<ForeignKey> foreignKeys,
      List<Index> indexes,
      List<TableId> dependsOn,
      List<TableId> inheritsFrom,
      List<Partition> partitions,
      Ddl ddl) {
    this(
        schema,
        name,
        kind,
        file,
        format,
        compression,
        rows,
        storedBytes,
        rawBytes,
        sha256,
        fileColumns,
        columns,
        primaryKey,
        constraints,
        foreignKeys,
        indexes,
        dependsOn,
        inheritsFrom,
        partitions,
        ddl,
        Attached.NONE,
        null,
        List.of());
  }

  /** Whether the table is stored in several part files. */
  @JsonIgnore
  public boolean isSplit() {
    return !parts.isEmpty();
  }

  /**
   * The table as one entry per data file: itself when it is stored in one file, else one entry per
   * part, each with that part's file, figures, checksum and fingerprint. Whatever reads, checks or
   * loads one file works on these.
   */
  public List<ManifestTable> fileEntries() {
    return isSplit() ? parts.stream().map(this::withFileOf).toList() : List.of(this);
  }

  private ManifestTable withFileOf(TablePart part) {
    return new ManifestTable(
        schema,
        name,
        kind,
        part.file(),
        format,
        compression,
        part.rows(),
        part.storedBytes(),
        part.rawBytes(),
        part.sha256(),
        fileColumns,
        columns,
        primaryKey,
        constraints,
        foreignKeys,
        indexes,
        dependsOn,
        inheritsFrom,
        partitions,
        ddl,
        attached,
        part.fingerprint(),
        List.of());
  }

  /** The data file, or for a split table its first part's and how many parts there are. */
  public String filesDisplay() {
    if (!isSplit()) {
      return file;
    }
    int more = parts.size() - 1;
    return parts.get(0).file() + " and " + more + (more == 1 ? " more part" : " more parts");
  }

  /** The table's name as a {@link TableId}. */
  public TableId id() {
    return new TableId(schema, name);
  }

  /** The manifest entry for {@code table}, exported into {@code file} with these figures. */
  public static ManifestTable of(Table table, StoredFile file) {
    return fromTable(
        table,
        file.path(),
        file.format(),
        file.compression(),
        file.rows(),
        file.storedBytes(),
        file.rawBytes(),
        file.sha256(),
        file.fingerprint(),
        List.of());
  }

  /** The manifest entry for {@code table}, exported into {@code parts}, in block order. */
  public static ManifestTable split(
      Table table, DataFormat format, Compression compression, List<TablePart> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException(table.id() + " has no parts");
    }
    return fromTable(
        table,
        null,
        format,
        compression,
        parts.stream().mapToLong(TablePart::rows).sum(),
        parts.stream().mapToLong(TablePart::storedBytes).sum(),
        parts.stream().mapToLong(TablePart::rawBytes).sum(),
        null,
        parts.stream().map(TablePart::fingerprint).reduce(Fingerprint.EMPTY, Fingerprint::plus),
        parts);
  }

  private static ManifestTable fromTable(
      Table table,
      String file,
      DataFormat format,
      Compression compression,
      long rows,
      long storedBytes,
      long rawBytes,
      String sha256,
      Fingerprint fingerprint,
      List<TablePart> parts) {
    return new ManifestTable(
        table.id().schema(),
        table.id().name(),
        table.kind(),
        file,
        format,
        compression,
        rows,
        storedBytes,
        rawBytes,
        sha256,
        table.copiedColumns().stream().map(Column::name).toList(),
        table.columns(),
        table.primaryKey(),
        table.constraints(),
        table.foreignKeys(),
        table.indexes(),
        table.dependsOn(),
        table.inheritsFrom(),
        table.partitions(),
        table.ddl(),
        table.attached(),
        fingerprint,
        parts);
  }
}
