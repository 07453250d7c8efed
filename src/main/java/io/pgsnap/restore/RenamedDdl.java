package io.pgsnap.restore;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.Sequence;
import io.pgsnap.catalog.TableId;
import io.pgsnap.snapshot.ManifestTable;
import java.util.List;
import java.util.Map;

/** Placeholder until the DDL for tables restored under other names lands. */
final class RenamedDdl {
  private RenamedDdl() {}

  static CreateScript write(
      ManifestTable table,
      TableId target,
      Map<TableId, TableId> restoredTargets,
      List<Sequence> ownedSequences) {
    throw new PgsnapException(ErrorCode.USAGE, "--create with --into-schema or --rename: not yet");
  }
}
