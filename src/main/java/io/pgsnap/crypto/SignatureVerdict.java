package io.pgsnap.crypto;

import java.util.Objects;
import java.util.Optional;

/**
 * What checking a detached signature found.
 *
 * @param outcome the verdict
 * @param signerKeyId the id of the key the signature says it was made with (16 hex digits); empty
 *     when there is no signature
 */
public record SignatureVerdict(Outcome outcome, Optional<String> signerKeyId) {

  /** The possible verdicts; only {@link #GOOD} proves anything. */
  public enum Outcome {
    /** A signature by the expected key over exactly these bytes. */
    GOOD,
    /** There is no signature. */
    UNSIGNED,
    /** The signature was made by another key than the expected one. */
    OTHER_KEY,
    /**
     * A signature by the expected key that does not match the bytes: they changed after signing.
     */
    ALTERED
  }

  public SignatureVerdict {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(signerKeyId, "signerKeyId");
  }

  /** Whether the signature proves the bytes were signed by the expected key. */
  public boolean good() {
    return outcome == Outcome.GOOD;
  }

  /**
   * A sentence saying what is wrong with the signature of {@code signed} and what to do, for a
   * verdict that is not good.
   *
   * @param signed what was signed, e.g. a file name
   * @param expected the key that should have signed
   */
  public String problem(String signed, VerificationKey expected) {
    return switch (outcome) {
      case GOOD -> signed + " is signed by " + expected;
      case UNSIGNED ->
          signed
              + " is not signed: it cannot be proven to come from the holder of "
              + expected
              + "; use a signed snapshot";
      case OTHER_KEY ->
          signed
              + " is signed by key "
              + signerKeyId.orElse("?")
              + ", not by "
              + expected
              + ": it may be forged; check which key signs these snapshots";
      case ALTERED ->
          signed
              + " was changed after it was signed by "
              + expected
              + " (or its signature was): do not trust it; use another snapshot";
    };
  }
}
