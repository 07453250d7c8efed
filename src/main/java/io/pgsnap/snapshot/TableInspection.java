package io.pgsnap.snapshot;

import io.pgsnap.catalog.Ddl;
import io.pgsnap.catalog.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One table of a snapshot, as {@code pgsnap inspect --ddl} shows it.
 *
 * @param snapshotId the snapshot's id
 * @param table the table's manifest entry
 * @param sequences the serial sequences the table's columns own (identity sequences come with
 *     {@code CREATE TABLE}), in name order; possibly empty
 */
public record TableInspection(String snapshotId, ManifestTable table, List<Sequence> sequences) {
  public TableInspection {
    Objects.requireNonNull(snapshotId, "snapshotId");
    Objects.requireNonNull(table, "table");
    sequences = List.copyOf(sequences);
  }

  /**
   * The table's DDL as a runnable SQL script, every statement ending with {@code ;}, in the order a
   * restore runs them: the serial sequences, {@code CREATE TABLE}, partitions, constraints,
   * indexes, foreign keys (which need the tables they reference), then {@code OWNED BY} for the
   * sequences. Names in comments are escaped, so that no name can end a comment early.
   *
   * @return the script, ending in a newline
   */
  public String script() {
    Ddl ddl = table.ddl();
    StringBuilder sql = new StringBuilder();
    sql.append("-- DDL of ")
        .append(table.kind().name().toLowerCase(java.util.Locale.ROOT))
        .append(" table ")
        .append(table.id().display())
        .append(" from snapshot ")
        .append(snapshotId)
        .append('\n');
    List<String> owned = new ArrayList<>();
    if (!sequences.isEmpty()) {
      section(sql, "sequences", sequences.stream().map(Sequence::createSql).toList());
      sequences.stream().map(Sequence::ownedBySql).filter(Objects::nonNull).forEach(owned::add);
    }
    section(sql, null, List.of(ddl.createTable()));
    section(sql, "partitions", ddl.partitions());
    section(sql, "constraints", ddl.constraints());
    section(sql, "indexes", ddl.indexes());
    section(sql, "foreign keys (the referenced tables must exist)", ddl.foreignKeys());
    section(sql, "sequence ownership", owned);
    return sql.toString();
  }

  private static void section(StringBuilder sql, String title, List<String> statements) {
    if (statements.isEmpty()) {
      return;
    }
    sql.append('\n');
    if (title != null) {
      sql.append("-- ").append(title).append('\n');
    }
    for (String statement : statements) {
      sql.append(statement).append(";\n");
    }
  }
}
