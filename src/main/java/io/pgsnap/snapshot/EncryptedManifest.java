package io.pgsnap.snapshot;

import static io.pgsnap.snapshot.ReadProblems.RESTORE_OR_RETAKE;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.VerifyResult.Problem;
import io.pgsnap.crypto.DecryptingInputStream;
import io.pgsnap.crypto.Decryption;
import io.pgsnap.crypto.Passphrase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the complete manifest of an encrypted snapshot ({@value PublicManifest#PRIVATE_FILE}):
 * decrypts it, checks it as {@code manifest.json} is checked (schema, totals, DDL), and checks that
 * it agrees with the public manifest in everything that one records, so that neither can be swapped
 * for another snapshot's.
 */
public final class EncryptedManifest {
  private EncryptedManifest() {}

  /**
   * The refusal of an encrypted snapshot opened without a key, for the commands that need its
   * content.
   */
  public static PgsnapException keyNeeded(String location) {
    return new PgsnapException(
        ErrorCode.KEY,
        "snapshot "
            + location
            + " is encrypted and no key was given: give its passphrase ("
            + Passphrase.VARIABLE
            + " or --passphrase-file FILE) or a secret key it is encrypted for (--secret-key"
            + " KEYFILE); nothing was changed");
  }

  /**
   * The complete manifest of the encrypted snapshot whose public manifest is {@code published},
   * from its stored bytes as {@link SnapshotReader#inspect} read and checked them.
   *
   * @throws PgsnapException {@link ErrorCode#KEY} when {@code decryption} does not open it; {@link
   *     ErrorCode#INTEGRITY} when it is damaged, invalid or disagrees with {@code published}
   */
  public static Manifest open(
      Manifest published, byte[] stored, Decryption decryption, String location) {
    String file = published.encryption().manifest();
    byte[] json = decrypt(stored, decryption, file, location);
    List<String> problems = new ArrayList<>();
    ManifestSchema.load()
        .problems(json)
        .forEach(p -> problems.add("not valid: " + p + "; " + RESTORE_OR_RETAKE));
    if (!problems.isEmpty()) {
      throw refused(location, file, problems);
    }
    Manifest complete = new ManifestJson().parse(json, Path.of(file));
    if (complete.formatVersion() != published.formatVersion()) {
      problems.add("its formatVersion differs from manifest.json's; " + RESTORE_OR_RETAKE);
    }
    new PublicManifest()
        .disagreement(published, complete)
        .ifPresent(
            at ->
                problems.add(
                    "it disagrees with manifest.json at "
                        + at
                        + ": one of them was changed, or comes from another snapshot; "
                        + RESTORE_OR_RETAKE));
    ManifestContentChecks.all(complete).stream().map(Problem::message).forEach(problems::add);
    if (!problems.isEmpty()) {
      throw refused(location, file, problems);
    }
    return complete;
  }

  private static byte[] decrypt(
      byte[] stored, Decryption decryption, String file, String location) {
    try (DecryptingInputStream in = decryption.decrypt(new ByteArrayInputStream(stored), file)) {
      byte[] json = in.readNBytes(ReadProblems.MAX_RECORD_BYTES + 1);
      if (json.length > ReadProblems.MAX_RECORD_BYTES) {
        throw refused(location, file, List.of("it holds more than 256 MiB; " + RESTORE_OR_RETAKE));
      }
      return json;
    } catch (PgsnapException e) {
      if (e.code() == ErrorCode.KEY) {
        throw new PgsnapException(ErrorCode.KEY, "snapshot " + location + ": " + e.getMessage(), e);
      }
      throw e;
    } catch (IOException e) {
      throw new IllegalStateException("reading bytes held in memory failed", e);
    }
  }

  private static PgsnapException refused(String location, String file, List<String> problems) {
    return SnapshotReader.refused(location, problems.stream().map(p -> file + ": " + p).toList());
  }
}
