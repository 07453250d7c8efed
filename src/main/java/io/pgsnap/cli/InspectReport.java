package io.pgsnap.cli;

import io.pgsnap.catalog.Identifiers;
import io.pgsnap.catalog.Sequence;
import io.pgsnap.catalog.TableSelection;
import io.pgsnap.cli.AlignedColumns.Align;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.ManifestEncryption;
import io.pgsnap.snapshot.ManifestTable;
import io.pgsnap.snapshot.SnapshotSource;
import io.pgsnap.snapshot.Source;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code pgsnap inspect}'s text: a manifest in words. Pure, so that its layout is unit-tested. */
final class InspectReport {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'").withZone(ZoneOffset.UTC);

  private InspectReport() {}

  /** Who can open an encrypted snapshot, as its public manifest records it. */
  private static String encryption(ManifestEncryption e) {
    List<String> ways = new ArrayList<>();
    if (e.passphrase()) {
      ways.add("a passphrase");
    }
    e.recipients().forEach(id -> ways.add("public key " + id));
    return "yes, opened by " + String.join(" or ", ways);
  }

  /**
   * The lines that describe {@code snapshot}: where it is and came from, when, how, its tables with
   * their rows and sizes, and its sequences with their values.
   */
  static List<String> lines(Manifest m, SnapshotSource snapshot) {
    Source s = m.source();
    List<String> lines = new ArrayList<>();
    AlignedColumns about =
        new AlignedColumns(List.of("Snapshot", m.id()), List.of(Align.LEFT, Align.LEFT));
    about.add(snapshot.folder().isPresent() ? "Folder" : "Location", snapshot.location());
    about.add("Label", m.label() == null ? "(none)" : oneLine(m.label()));
    about.add("Database", s.database() + " on " + s.host() + ":" + s.port() + " as " + s.user());
    about.add("Server", "PostgreSQL " + s.serverVersion() + ", encoding " + s.serverEncoding());
    about.add("Started", when(m.startedAt()));
    about.add("Finished", when(m.finishedAt()));
    about.add("Duration", Sizes.duration(Duration.between(m.startedAt(), m.finishedAt())));
    about.add(
        "Options",
        "format "
            + m.options().format()
            + ", compression "
            + m.options().compression()
            + ", jobs "
            + m.options().jobs());
    about.add("Selection", selection(m.options().selection()));
    about.add("Written by", m.tool().name() + " " + m.tool().version());
    about.add("Checksum", "sha256 " + m.overallChecksum() + " (of SHA256SUMS)");
    if (m.isEncrypted()) {
      about.add("Encrypted", encryption(m.encryption()));
    }
    lines.addAll(about.lines());

    lines.add("");
    lines.add(count(m.tables().size(), "table", "tables") + ":");
    if (!m.tables().isEmpty()) {
      AlignedColumns tables =
          new AlignedColumns(
              List.of("TABLE", "KIND", "ROWS", "STORED", "RAW", "FILE"),
              List.of(Align.LEFT, Align.LEFT, Align.RIGHT, Align.RIGHT, Align.RIGHT, Align.LEFT));
      for (ManifestTable t : m.tables()) {
        tables.add(
            t.id().display(),
            t.kind().name().toLowerCase(Locale.ROOT),
            rows(t.rows()),
            Sizes.human(t.storedBytes()),
            Sizes.human(t.rawBytes()),
            t.filesDisplay());
      }
      tables.add(
          "total",
          count(m.totals().tables(), "table", "tables"),
          rows(m.totals().rows()),
          Sizes.human(m.totals().storedBytes()),
          Sizes.human(m.totals().rawBytes()),
          "");
      lines.addAll(tables.lines());
    }

    lines.add("");
    if (m.isEncrypted()) {
      lines.add("sequences: encrypted, as are columns and DDL (give the key to see them)");
      return lines;
    }
    lines.add(count(m.sequences().size(), "sequence", "sequences") + ":");
    if (!m.sequences().isEmpty()) {
      AlignedColumns sequences =
          new AlignedColumns(
              List.of("SEQUENCE", "LAST VALUE", "NEXT VALUE", "OWNED BY"),
              List.of(Align.LEFT, Align.RIGHT, Align.RIGHT, Align.LEFT));
      for (Sequence q : m.sequences()) {
        sequences.add(
            q.id().display(),
            q.called() ? String.valueOf(q.lastValue()) : "(none)",
            next(q),
            q.ownedBy() == null
                ? ""
                : q.ownedBy().table().display()
                    + "."
                    + Identifiers.display(q.ownedBy().column())
                    + (q.identity() ? " (identity)" : ""));
      }
      lines.addAll(sequences.lines());
    }
    return lines;
  }

  /** What the export selected, in the words of its options. */
  static String selection(TableSelection s) {
    List<String> parts = new ArrayList<>();
    if (s.schemas().isEmpty() && s.tables().isEmpty()) {
      parts.add("all tables of schema public (the default)");
    }
    if (!s.schemas().isEmpty()) {
      parts.add("all tables of " + list(s.schemas(), "schema ", "schemas "));
    }
    if (!s.tables().isEmpty()) {
      parts.add(list(s.tables(), "table ", "tables "));
    }
    if (!s.excludeSchemas().isEmpty()) {
      parts.add("excluding " + list(s.excludeSchemas(), "schema ", "schemas "));
    }
    if (!s.excludeTables().isEmpty()) {
      parts.add("excluding " + list(s.excludeTables(), "table ", "tables "));
    }
    return String.join("; ", parts);
  }

  /** The value {@code nextval} returns next, or {@code -} when the sequence is exhausted. */
  private static String next(Sequence q) {
    if (!q.called()) {
      return String.valueOf(q.lastValue());
    }
    try {
      long next = Math.addExact(q.lastValue(), q.increment());
      if (next > q.maxValue() || next < q.minValue()) {
        return q.cycle() ? String.valueOf(q.increment() > 0 ? q.minValue() : q.maxValue()) : "-";
      }
      return String.valueOf(next);
    } catch (ArithmeticException e) {
      return "-";
    }
  }

  private static String list(List<String> patterns, String one, String many) {
    return (patterns.size() == 1 ? one : many)
        + patterns.stream().map(InspectReport::oneLine).collect(Collectors.joining(", "));
  }

  static String rows(long rows) {
    return String.format(Locale.ROOT, "%,d", rows);
  }

  private static String count(int n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  private static String when(Instant instant) {
    return WHEN.format(instant);
  }

  /** User text on one line: a label or pattern with a newline cannot break the layout. */
  private static String oneLine(String text) {
    return text.replaceAll("\\p{Cntrl}", "?");
  }
}
