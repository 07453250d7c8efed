package io.pgsnap.crypto;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePBEKeyEncryptionMethodGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;

/**
 * What files are encrypted with: a passphrase, recipients' public keys, or both, so that any one of
 * them opens every file. Each file becomes one OpenPGP message that GnuPG 2.2 reads: AES-256 in a
 * Symmetrically Encrypted Integrity Protected Data packet version 1 (with its modification
 * detection code), holding one binary literal data packet, without compression (what is encrypted
 * is already compressed). It is written as it streams, in partial-length packets, so memory use
 * does not grow with the file.
 *
 * @param passphrase the passphrase, as a symmetric-key session packet with an iterated and salted
 *     SHA-256 S2K
 * @param recipients the recipients' keys, one public-key session packet each
 */
public record Encryption(Optional<Passphrase> passphrase, List<RecipientKey> recipients) {
  /** The S2K iteration byte: 0xE0 hashes 16 MiB, about 30 ms per file and guess of a passphrase. */
  static final int S2K_COUNT = 0xE0;

  /** The partial-length packet size (a power of two, as partial lengths must be). */
  private static final int PACKET_BUFFER = 64 * 1024;

  /**
   * The key material to encrypt with.
   *
   * @throws WrongKeyException when there is neither a passphrase nor a recipient: files are never
   *     left unencrypted for want of a key
   */
  public Encryption {
    Objects.requireNonNull(passphrase, "passphrase");
    recipients = List.copyOf(recipients);
    if (passphrase.isEmpty() && recipients.isEmpty()) {
      throw new WrongKeyException(
          "encryption needs key material and none was given: set "
              + Passphrase.VARIABLE
              + ", give a passphrase file, or give a recipient's public key");
    }
  }

  /**
   * Wraps {@code sink} so that what is written to the result reaches it as one OpenPGP message.
   * Closing the result completes the message and closes {@code sink}.
   *
   * @throws IOException when the message's first packets cannot be written to {@code sink}
   */
  public OutputStream encrypt(OutputStream sink) throws IOException {
    Objects.requireNonNull(sink, "sink");
    SecureRandom random = new SecureRandom();
    PGPEncryptedDataGenerator generator =
        new PGPEncryptedDataGenerator(
            new JcePGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
                .setWithIntegrityPacket(true)
                .setSecureRandom(random));
    // The generator derives the key from these characters only when the message is opened.
    char[] chars = passphrase.map(Passphrase::chars).orElse(null);
    OutputStream encrypted;
    try {
      if (chars != null) {
        generator.addMethod(
            new JcePBEKeyEncryptionMethodGenerator(
                    chars,
                    new JcaPGPDigestCalculatorProviderBuilder()
                        .build()
                        .get(HashAlgorithmTags.SHA256),
                    S2K_COUNT)
                .setSecureRandom(random));
      }
      for (RecipientKey recipient : recipients) {
        generator.addMethod(
            new BcPublicKeyKeyEncryptionMethodGenerator(recipient.encryptionKey())
                .setSecureRandom(random));
      }
      encrypted = generator.open(sink, new byte[PACKET_BUFFER]);
    } catch (PGPException e) {
      throw new IOException("could not start the OpenPGP message: " + e.getMessage(), e);
    } finally {
      if (chars != null) {
        Arrays.fill(chars, '\0');
      }
    }
    PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
    // No name and a zero date: the message says nothing about the file it came from.
    OutputStream plain =
        literal.open(encrypted, PGPLiteralData.BINARY, "", new Date(0), new byte[PACKET_BUFFER]);
    return new MessageOutputStream(plain, literal, generator, sink);
  }

  /** Writes into the literal data packet; closing ends each packet in turn, then the sink. */
  private static final class MessageOutputStream extends FilterOutputStream {
    private final PGPLiteralDataGenerator literal;
    private final PGPEncryptedDataGenerator generator;
    private final OutputStream sink;
    private boolean closed;

    MessageOutputStream(
        OutputStream plain,
        PGPLiteralDataGenerator literal,
        PGPEncryptedDataGenerator generator,
        OutputStream sink) {
      super(plain);
      this.literal = literal;
      this.generator = generator;
      this.sink = sink;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try (sink) {
        literal.close();
        generator.close();
      }
    }
  }
}
