package io.pgsnap.crypto;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;

/**
 * The plaintext of one OpenPGP message, as it is decrypted. The end of the plaintext is only
 * reported after the message proved intact: before {@code read} returns -1 it checks the
 * modification detection code and that nothing follows the message, and throws {@link
 * IntegrityException} instead when either fails, or when the message ends early. A reader that
 * loads what it reads therefore learns of a damaged file before it commits.
 *
 * <p>A reader that stops before the end (a decompressor that has what it needs) calls {@link
 * #finish} to have the rest read and checked. Closing without reaching the end checks nothing.
 */
public final class DecryptingInputStream extends InputStream {
  private final InputStream plaintext;
  private final PGPEncryptedData message;
  private final BcPGPObjectFactory packets;
  private final SourceStream source;
  private final String file;
  private boolean verified;

  DecryptingInputStream(
      InputStream plaintext,
      PGPEncryptedData message,
      BcPGPObjectFactory packets,
      SourceStream source,
      String file) {
    this.plaintext = plaintext;
    this.message = message;
    this.packets = packets;
    this.source = source;
    this.file = file;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (verified) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    int n;
    try {
      n = plaintext.read(b, off, len);
    } catch (IOException | RuntimeException e) {
      throw damaged(e);
    }
    if (n == -1) {
      verify();
    }
    return n;
  }

  /**
   * Reads and discards what is left of the plaintext and checks the message's integrity.
   *
   * @return how many plaintext bytes were left unread (0 when the reader had reached the end)
   * @throws IntegrityException when the message is damaged, altered or ends early
   * @throws IOException when the source fails
   */
  public long finish() throws IOException {
    long left = 0;
    byte[] buffer = new byte[8192];
    for (int n = read(buffer, 0, buffer.length); n != -1; n = read(buffer, 0, buffer.length)) {
      left += n;
    }
    return left;
  }

  private void verify() throws IOException {
    boolean intact;
    Object after;
    try {
      intact = message.verify();
      after = intact ? packets.nextObject() : null;
    } catch (IOException | PGPException | RuntimeException e) {
      throw damaged(e);
    }
    if (!intact) {
      throw new IntegrityException(file, "its modification detection code does not match");
    }
    if (after != null) {
      throw new IntegrityException(file, "more data follows the encrypted message");
    }
    verified = true;
  }

  private IOException damaged(Exception e) throws IOException {
    if (e instanceof IntegrityException integrity) {
      throw integrity;
    }
    source.rethrowIfItsOwn(e);
    throw new IntegrityException(
        file,
        e instanceof EOFException ? "it ends early (truncated)" : "it cannot be decrypted",
        e);
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
