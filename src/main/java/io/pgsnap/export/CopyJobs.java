package io.pgsnap.export;

import io.pgsnap.catalog.Table;
import io.pgsnap.catalog.TableId;
import io.pgsnap.snapshot.Compression;
import io.pgsnap.snapshot.DataFormat;
import io.pgsnap.snapshot.ManifestTable;
import io.pgsnap.snapshot.SnapshotWriter;
import io.pgsnap.snapshot.StoredFile;
import io.pgsnap.snapshot.TablePart;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The files an export writes, one per table or per block range, and the entries they make. */
final class CopyJobs {
  private CopyJobs() {}

  /**
   * The files to write for {@code tables}, largest first, so a parallel export ends evenly. File
   * names are chosen in table-name order, so they do not depend on the order of copying.
   *
   * @param splits the block ranges of the tables to split; the others are written whole
   */
  static List<CopyJob> plan(
      SnapshotWriter writer,
      List<Table> tables,
      Map<TableId, List<BlockRange>> splits,
      DataFormat format,
      Compression compression) {
    List<CopyJob> jobs = new ArrayList<>();
    for (Table table : tables.stream().sorted(Comparator.comparing(Table::id)).toList()) {
      List<BlockRange> ranges = splits.get(table.id());
      if (ranges == null) {
        jobs.add(CopyJob.whole(table, writer.reserveTableFile(table.id(), format, compression)));
        continue;
      }
      List<String> files =
          writer.reserveTablePartFiles(table.id(), format, compression, ranges.size());
      for (int i = 0; i < ranges.size(); i++) {
        jobs.add(
            new CopyJob(
                table, files.get(i), ranges.get(i), table.estimatedBytes() / ranges.size()));
      }
    }
    jobs.sort(
        Comparator.comparingLong(CopyJob::estimatedBytes)
            .reversed()
            .thenComparing(j -> j.table().id())
            .thenComparing(CopyJob::file));
    return jobs;
  }

  /**
   * The manifest entries of {@code tables}, in their order: one file each, or for a split table its
   * parts in block order.
   *
   * @param stored what each job's file holds, by file
   */
  static List<ManifestTable> entries(
      List<Table> tables,
      List<CopyJob> jobs,
      Map<String, StoredFile> stored,
      DataFormat format,
      Compression compression) {
    Map<TableId, List<CopyJob>> byTable =
        jobs.stream().collect(Collectors.groupingBy(j -> j.table().id()));
    return tables.stream()
        .map(
            table -> {
              List<CopyJob> own =
                  byTable.get(table.id()).stream()
                      .sorted(Comparator.comparing(CopyJob::file))
                      .toList();
              if (own.get(0).blocks() == null) {
                return ManifestTable.of(table, stored.get(own.get(0).file()));
              }
              return ManifestTable.split(
                  table,
                  format,
                  compression,
                  own.stream()
                      .map(
                          j ->
                              TablePart.of(
                                  stored.get(j.file()), j.blocks().from(), j.blocks().to()))
                      .toList());
            })
        .toList();
  }
}
