package io.pgsnap.snapshot;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.Partition;
import io.pgsnap.catalog.TableId;
import io.pgsnap.catalog.TablePattern;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Reads what a complete snapshot holds, for {@code pgsnap inspect}: its manifest, or one table's
 * entry with its DDL. Reads nothing but the manifest; {@code pgsnap verify} checks the files.
 */
public final class Inspector {
  /** How many table names an error message lists at most. */
  private static final int MAX_CANDIDATES = 10;

  private final SnapshotSource snapshot;
  private final Clock clock;

  /**
   * An inspector of the snapshot folder {@code snapshot}.
   *
   * @param snapshot a snapshot folder, as {@code export} printed it
   * @param clock where the time of the log line comes from
   */
  public Inspector(Path snapshot, Clock clock) {
    this(SnapshotSource.folder(snapshot), clock);
  }

  /**
   * An inspector of {@code snapshot}, in a folder or a store such as a bucket (not logged there).
   *
   * @param clock where the time of the log line comes from
   */
  public Inspector(SnapshotSource snapshot, Clock clock) {
    this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The snapshot's manifest, logged as one {@code inspect} line. For an encrypted snapshot read
   * without its key, its public manifest: names, row counts, sizes, times, no sequences or DDL.
   *
   * @return the manifest
   * @throws PgsnapException as {@link SnapshotReader#open(Path)} and {@link
   *     OpenSnapshot#checkAllFiles} does
   */
  public Manifest manifest() {
    return snapshot
        .logged("inspect", clock)
        .run(
            () -> snapshot.openForDescription().checkAllFiles().manifest(),
            m -> new LoggedOperation.Outcome("success", figures(m)));
  }

  /**
   * One table's manifest entry, logged as one {@code inspect} line.
   *
   * @param name the table as {@link #findTable} takes it
   * @return the table's entry, with the manifest that holds it
   * @throws PgsnapException {@link ErrorCode#USAGE} when {@code name} matches no table or several;
   *     otherwise as {@link SnapshotReader#open(Path)} and {@link OpenSnapshot#checkAllFiles} does
   */
  public TableInspection table(String name) {
    return snapshot
        .logged("inspect", clock)
        .run(
            () -> {
              Manifest manifest = snapshot.open().checkAllFiles().manifest();
              return new TableInspection(manifest, findTable(manifest, name));
            },
            t ->
                new LoggedOperation.Outcome("success", Map.of("table", t.table().id().toString())));
  }

  /**
   * The table of {@code manifest} that {@code name} names: {@code schema.table} or {@code table},
   * with psql's rules ({@code "Mixed Case"} in double quotes keeps case and dots, unquoted letters
   * fold to lower case). An unqualified name may be in any schema, but must name one table.
   *
   * @param manifest the snapshot's manifest
   * @param name the table's name as the user wrote it
   * @return the table's entry
   * @throws PgsnapException {@link ErrorCode#USAGE} when {@code name} is malformed, matches no
   *     table (the message lists likely candidates) or several (the message lists them)
   */
  public static ManifestTable findTable(Manifest manifest, String name) {
    TablePattern pattern;
    try {
      pattern = TablePattern.table(name);
    } catch (PgsnapException e) {
      // The pattern parser words its messages for export's --table option.
      throw new PgsnapException(
          ErrorCode.USAGE, e.getMessage().replaceFirst("^--table pattern", "table name"), e);
    }
    List<ManifestTable> matches =
        manifest.tables().stream().filter(t -> pattern.matches(t.id())).toList();
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.size() > 1) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "'"
              + name
              + "' matches "
              + matches.size()
              + " tables of snapshot "
              + manifest.id()
              + ": "
              + names(matches.stream().map(ManifestTable::id).toList())
              + "; name one with its schema, e.g. '"
              + matches.get(0).id().display()
              + "'");
    }
    for (ManifestTable t : manifest.tables()) {
      for (Partition p : t.partitions()) {
        if (pattern.matches(p.id())) {
          throw new PgsnapException(
              ErrorCode.USAGE,
              p.id().display()
                  + " is a partition of "
                  + p.parent().display()
                  + "; partitions are kept with their root table, and its DDL is part of"
                  + " --ddl '"
                  + t.id().display()
                  + "'");
        }
      }
    }
    List<TableId> similar = similar(manifest, name);
    String start = "'" + name + "' matches no table of snapshot " + manifest.id();
    if (!similar.isEmpty()) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          start
              + "; did you mean "
              + similar.stream().map(TableId::display).collect(Collectors.joining(" or "))
              + "? Double-quote names with upper-case letters, spaces or dots");
    }
    List<TableId> all = manifest.tables().stream().map(ManifestTable::id).toList();
    throw new PgsnapException(
        ErrorCode.USAGE,
        start + (all.isEmpty() ? "; it holds no tables" : "; its tables are: " + names(all)));
  }

  /**
   * Tables whose name (or schema and name) equals {@code name} ignoring case and quotes: what a
   * user who forgot to quote a mixed-case name meant.
   */
  private static List<TableId> similar(Manifest manifest, String name) {
    String wanted = name.replace("\"", "").toLowerCase(Locale.ROOT);
    return manifest.tables().stream()
        .map(ManifestTable::id)
        .filter(
            id ->
                id.name().toLowerCase(Locale.ROOT).equals(wanted)
                    || id.toString().toLowerCase(Locale.ROOT).equals(wanted))
        .limit(MAX_CANDIDATES)
        .toList();
  }

  private static String names(List<TableId> ids) {
    String listed =
        ids.stream().limit(MAX_CANDIDATES).map(TableId::display).collect(Collectors.joining(", "));
    return ids.size() > MAX_CANDIDATES
        ? listed + " and " + (ids.size() - MAX_CANDIDATES) + " more"
        : listed;
  }

  private static Map<String, Object> figures(Manifest m) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("tables", m.totals().tables());
    figures.put("rows", m.totals().rows());
    figures.put("storedBytes", m.totals().storedBytes());
    return figures;
  }
}
