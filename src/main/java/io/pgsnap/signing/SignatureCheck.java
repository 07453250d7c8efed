package io.pgsnap.signing;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.VerifyResult.Problem;
import io.pgsnap.VerifyResult.Problem.Kind;
import io.pgsnap.crypto.DetachedSignature;
import io.pgsnap.crypto.SignatureVerdict;
import io.pgsnap.crypto.VerificationKey;
import io.pgsnap.snapshot.ReadProblems;
import io.pgsnap.snapshot.SnapshotSigner;
import io.pgsnap.snapshot.SnapshotStore;
import io.pgsnap.snapshot.SnapshotWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot's two signed records ({@code SHA256SUMS}, {@code manifest.json}) and their signature
 * files, each read once. {@link #pinned()} serves the records from exactly these bytes, so the
 * snapshot that is opened after the check is the one that was checked, even if a file is swapped
 * meanwhile; the table files are then proven by their SHA-256 in the signed {@code SHA256SUMS} as
 * they are read.
 */
public final class SignatureCheck {
  private final SnapshotStore store;
  private final List<Signed> records;

  /** One signed record: its bytes (empty when unreadable) and its signature's (when present). */
  private record Signed(
      String file, String signatureFile, Optional<byte[]> content, Optional<byte[]> signature) {}

  private SignatureCheck(SnapshotStore store, List<Signed> records) {
    this.store = store;
    this.records = records;
  }

  /**
   * Reads the records and signatures of the snapshot in {@code store}. What cannot be read is left
   * out: the snapshot's own checks report a missing record, and a missing signature is unsigned.
   */
  public static SignatureCheck read(SnapshotStore store) {
    Objects.requireNonNull(store, "store");
    return new SignatureCheck(
        store,
        List.of(
            signed(store, SnapshotWriter.CHECKSUMS, SnapshotSigner.CHECKSUMS_SIGNATURE),
            signed(store, SnapshotWriter.MANIFEST, SnapshotSigner.MANIFEST_SIGNATURE)));
  }

  private static Signed signed(SnapshotStore store, String file, String signatureFile) {
    return new Signed(file, signatureFile, bytes(store, file), signature(store, signatureFile));
  }

  private static Optional<byte[]> bytes(SnapshotStore store, String path) {
    try (InputStream in = store.open(path)) {
      return Optional.of(ReadProblems.readRecord(in));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * A signature file's bytes; one that is there but cannot be read (a link, a folder) is no
   * signature at all, which the check finds altered rather than unsigned.
   */
  private static Optional<byte[]> signature(SnapshotStore store, String path) {
    try {
      if (store.entry(path).isEmpty()) {
        return Optional.empty();
      }
    } catch (IOException e) {
      return Optional.of(new byte[0]);
    }
    return bytes(store, path).or(() -> Optional.of(new byte[0]));
  }

  /** Whether the snapshot holds a signature file at all (checked or not). */
  public boolean signed() {
    return records.stream().anyMatch(r -> r.signature().isPresent());
  }

  /**
   * What is wrong with the signatures when the snapshot must be signed by {@code key}: one problem
   * for each record whose signature is not a good one by that key (missing, by another key, or not
   * matching the record's bytes). Empty when both are good.
   */
  public List<Problem> problems(VerificationKey key) {
    Objects.requireNonNull(key, "key");
    List<Problem> problems = new ArrayList<>();
    for (Signed record : records) {
      if (record.content().isEmpty()) {
        problems.add(
            new Problem(
                record.file(),
                Kind.BAD_SIGNATURE,
                record.file()
                    + " cannot be read, so its signature proves nothing; use another snapshot"));
        continue;
      }
      SignatureVerdict verdict = verdict(record, key);
      if (!verdict.good()) {
        problems.add(
            new Problem(
                record.signatureFile(), Kind.BAD_SIGNATURE, verdict.problem(record.file(), key)));
      }
    }
    return problems;
  }

  private static SignatureVerdict verdict(Signed record, VerificationKey key) {
    try {
      return DetachedSignature.verify(
          new ByteArrayInputStream(record.content().orElseThrow()),
          record.signature().map(ByteArrayInputStream::new),
          key);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // memory only: cannot happen
    }
  }

  /**
   * Refuses the snapshot unless both records carry a good signature by {@code key}.
   *
   * @return the store to open the snapshot from: {@link #pinned()}
   * @throws PgsnapException {@link ErrorCode#INTEGRITY} naming what is wrong with each signature
   */
  public SnapshotStore require(VerificationKey key) {
    List<Problem> problems = problems(key);
    if (!problems.isEmpty()) {
      throw new PgsnapException(
          ErrorCode.INTEGRITY,
          "snapshot "
              + store.location()
              + " is refused, it must be signed by "
              + key
              + ": "
              + String.join("; ", problems.stream().map(Problem::message).toList()));
    }
    return pinned();
  }

  /** The snapshot's store, with the records served from the bytes this check read. */
  public SnapshotStore pinned() {
    return new PinnedStore(store, records);
  }

  /** A store whose two records are the bytes that were checked; everything else is the store's. */
  private record PinnedStore(SnapshotStore store, List<Signed> records) implements SnapshotStore {
    @Override
    public String location() {
      return store.location();
    }

    @Override
    public Optional<Entry> entry(String path) throws IOException {
      return store.entry(path);
    }

    @Override
    public List<Entry> list(String folder) throws IOException {
      return store.list(folder);
    }

    @Override
    public InputStream open(String path) throws IOException {
      for (Signed record : records) {
        if (record.file().equals(path) && record.content().isPresent()) {
          return new ByteArrayInputStream(record.content().get());
        }
      }
      return store.open(path);
    }
  }
}
