package io.pgsnap.drill;

import io.pgsnap.fingerprint.Fingerprint;
import java.util.Objects;
import java.util.Optional;

/**
 * One restored table read back and compared with the snapshot.
 *
 * @param table the table as messages name it, e.g. {@code public.orders}
 * @param recordedRows the manifest's row count
 * @param recorded the manifest's content fingerprint; empty before format version 5
 * @param restored what the restored table holds: its row count and content fingerprint
 */
public record TableCheck(
    String table, long recordedRows, Optional<Fingerprint> recorded, Fingerprint restored) {
  public TableCheck {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(recorded, "recorded");
    Objects.requireNonNull(restored, "restored");
  }

  /** Whether the rows, and where recorded the content, are the snapshot's. */
  public boolean matches() {
    return restored.rows() == recordedRows && recorded.map(restored::equals).orElse(true);
  }

  /** What differs, in words; empty when the table matches. */
  public Optional<String> difference() {
    if (restored.rows() != recordedRows) {
      return Optional.of(
          "holds " + restored.rows() + " rows, the snapshot recorded " + recordedRows);
    }
    if (!matches()) {
      return Optional.of(
          "holds other values than the snapshot recorded: its content fingerprint is "
              + restored.shortSum()
              + "…, the snapshot's "
              + recorded.orElseThrow().shortSum()
              + "…");
    }
    return Optional.empty();
  }
}
