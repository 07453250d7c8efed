package io.pgsnap.verify;

import io.pgsnap.catalog.Table;
import io.pgsnap.catalog.TableId;
import io.pgsnap.fingerprint.Fingerprint;
import io.pgsnap.fingerprint.KeyBuckets;
import io.pgsnap.fingerprint.LiveRows;
import io.pgsnap.fingerprint.RowKey;
import io.pgsnap.fingerprint.RowListener;
import io.pgsnap.snapshot.ManifestTable;
import io.pgsnap.snapshot.OpenSnapshot;
import io.pgsnap.verify.Comparison.Side;
import io.pgsnap.verify.ContentComparison.TableContent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code compare --content}'s live side: each table's content fingerprint, read with {@code COPY}
 * in the comparison's transaction (whose pinned session settings make values print as the export
 * printed them), streamed in constant memory; and, with {@code --keys}, the keys of the rows that
 * differ ({@link KeySearch}). Not thread-safe: one per comparison.
 */
final class LiveContent {
  private static final Runnable NOT_CANCELLABLE = () -> {};

  private final Connection connection;
  private final OpenSnapshot snapshot;
  private final int keys;
  private final Side first;
  private final Side second;
  private final Map<TableId, TableContent> contents = new TreeMap<>();

  /**
   * @param connection in the comparison's transaction
   * @param snapshot the snapshot compared, whose files the key search reads
   * @param keys how many keys of differing rows to name per table; 0 for none
   * @param first the snapshot's side
   * @param second the database's side
   */
  LiveContent(Connection connection, OpenSnapshot snapshot, int keys, Side first, Side second) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
    this.keys = keys;
    this.first = Objects.requireNonNull(first, "first");
    this.second = Objects.requireNonNull(second, "second");
  }

  /**
   * Reads {@code live}'s content and compares it with {@code entry}'s, or only counts its rows when
   * the content cannot be compared.
   *
   * @param entry the table in the snapshot, or null when the snapshot does not have it
   * @return the table's rows
   */
  long read(Table live, ManifestTable entry) throws SQLException {
    if (entry == null) {
      return LiveCounts.count(connection, live);
    }
    int formatVersion = snapshot.manifest().formatVersion();
    Optional<String> why =
        ContentDifferences.whyNot(entry, formatVersion, live.columns(), first, second);
    if (why.isPresent()) {
      contents.put(
          live.id(),
          TableContent.notCompared(
              live.id(), entry.recordedFingerprint().orElse(null), null, why.get()));
      return LiveCounts.count(connection, live);
    }
    Optional<KeyBuckets> buckets = key(entry).map(KeyBuckets::new);
    Fingerprint now = fingerprint(live, entry, buckets.map(RowListener.class::cast));
    TableContent content = TableContent.of(live.id(), entry.recordedFingerprint().get(), now);
    if (content.status() == ContentComparison.Status.DIFFERS && keys > 0) {
      content =
          buckets.isEmpty()
              ? content.withNote(
                  entry.primaryKey().isEmpty()
                      ? "it has no primary key, so the rows that differ cannot be named"
                      : "its primary key is not among the columns its file holds, so the rows"
                          + " that differ cannot be named")
              : nameKeys(content, live, entry, buckets.get());
    }
    contents.put(live.id(), content);
    return now.rows();
  }

  /** What was compared, by table. */
  Map<TableId, TableContent> contents() {
    return Map.copyOf(contents);
  }

  /** The key to bucket rows by, when keys are to be named and the table has a usable one. */
  private Optional<RowKey> key(ManifestTable entry) {
    return keys > 0 ? RowKey.of(entry.fileColumns(), entry.primaryKey()) : Optional.empty();
  }

  private Fingerprint fingerprint(Table live, ManifestTable entry, Optional<RowListener> listener)
      throws SQLException {
    return LiveRows.read(
        connection,
        LiveRows.copySql(live.id(), live.kind(), entry.fileColumns()),
        entry.fileColumns().size(),
        NOT_CANCELLABLE,
        listener.orElse(RowListener.NONE));
  }

  private TableContent nameKeys(
      TableContent content, Table live, ManifestTable entry, KeyBuckets liveBuckets) {
    KeySearch.Found found =
        KeySearch.find(
            () -> key(entry).orElseThrow(),
            listener -> SnapshotRows.read(snapshot, entry, listener),
            liveBuckets,
            listener -> {
              try {
                return fingerprint(live, entry, Optional.of(listener));
              } catch (SQLException e) {
                throw LiveDatabase.translate(e, "reading the content of " + live.id());
              }
            },
            keys);
    TableContent named = content.withKeys(entry.primaryKey(), found.keys(), found.more());
    if (!found.firstRead().equals(content.first())) {
      named =
          named.withNote(
              "the snapshot's file does not hold the content its manifest records, so the keys"
                  + " are those of the file's rows; run pgsnap verify --deep "
                  + snapshot.location());
    }
    return named;
  }
}
