package io.pgsnap.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encryption and decryption stream: what goes in comes out soon, whatever the file's size. */
class StreamingTest {
  private static final int MIB = 1024 * 1024;
  private static final Passphrase PASSPHRASE = Passphrase.of("streaming");

  @TempDir Path folder;

  /** Counts what reaches it. */
  private static final class CountingSink extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }

  /** Counts what is read from it. */
  private static final class CountingSource extends FilterInputStream {
    long count;

    CountingSource(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      count += Math.max(n, 0);
      return n;
    }
  }

  @Test
  void whatIsWrittenReachesTheSinkWithinTwoPacketsOfBuffer() throws IOException {
    CountingSink sink = new CountingSink();
    OutputStream out = new Encryption(Optional.of(PASSPHRASE), List.of()).encrypt(sink);
    byte[] block = new byte[MIB];
    for (int i = 0; i < 8; i++) {
      out.write(block);
    }
    // Two 64 KiB packet buffers (literal data, encrypted data) are all that is held back.
    assertTrue(
        sink.count >= 8L * MIB - 2 * 64 * 1024, "only " + sink.count + " bytes reached the sink");
    out.close();
  }

  @Test
  void readingTheStartOfTheClearTextReadsOnlyTheStartOfTheFile() throws IOException {
    Path file = folder.resolve("big.gpg");
    try (OutputStream out =
        new Encryption(Optional.of(PASSPHRASE), List.of()).encrypt(Files.newOutputStream(file))) {
      out.write(new byte[16 * MIB]);
    }
    try (CountingSource source = new CountingSource(Files.newInputStream(file));
        InputStream in =
            new Decryption(Optional.of(PASSPHRASE), List.of()).decrypt(source, "big.gpg")) {
      in.readNBytes(MIB);
      assertTrue(source.count < 2L * MIB, source.count + " bytes read for 1 MiB of clear text");
    }
  }

  @Test
  void thirtyTwoMebibytesRoundTripThroughAFile() throws IOException, NoSuchAlgorithmException {
    Path file = folder.resolve("32m.gpg");
    Random random = new Random(32);
    MessageDigest written = MessageDigest.getInstance("SHA-256");
    byte[] block = new byte[MIB];
    try (OutputStream out =
        new Encryption(Optional.of(PASSPHRASE), List.of())
            .encrypt(new BufferedOutputStream(Files.newOutputStream(file), 256 * 1024))) {
      for (int i = 0; i < 32; i++) {
        random.nextBytes(block);
        written.update(block);
        out.write(block);
      }
    }
    MessageDigest read = MessageDigest.getInstance("SHA-256");
    long total = 0;
    try (DecryptingInputStream in =
        new Decryption(Optional.of(PASSPHRASE), List.of())
            .decrypt(new BufferedInputStream(Files.newInputStream(file)), "32m.gpg")) {
      for (int n = in.read(block); n != -1; n = in.read(block)) {
        read.update(block, 0, n);
        total += n;
      }
      assertEquals(0, in.finish());
    }
    assertEquals(32L * MIB, total);
    assertArrayEquals(written.digest(), read.digest());
  }

  @Test
  void finishReadsAndChecksWhatTheReaderLeft() throws IOException {
    Path file = folder.resolve("left.gpg");
    try (OutputStream out =
        new Encryption(Optional.of(PASSPHRASE), List.of()).encrypt(Files.newOutputStream(file))) {
      out.write(new byte[1000]);
    }
    try (DecryptingInputStream in =
        new Decryption(Optional.of(PASSPHRASE), List.of())
            .decrypt(Files.newInputStream(file), "left.gpg")) {
      in.readNBytes(400);
      assertEquals(600, in.finish());
      assertEquals(-1, in.read());
    }
  }
}
