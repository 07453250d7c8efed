package io.pgsnap.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class CompressionTest {
  /** Table-like text that compresses well, followed by bytes that do not compress at all. */
  private static final byte[] DATA = data();

  @ParameterizedTest
  @EnumSource(Compression.class)
  void decompressingWhatWasCompressedGivesTheSameBytes(Compression compression) throws IOException {
    assertArrayEquals(DATA, decompress(compression, compress(compression, DATA)));
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void emptyInputRoundTripsToEmptyOutput(Compression compression) throws IOException {
    assertArrayEquals(new byte[0], decompress(compression, compress(compression, new byte[0])));
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void writingByteByByteGivesTheSameRoundTrip(Compression compression) throws IOException {
    byte[] text = "id,name\n1,ä\n2,\"a,b\"\n".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (OutputStream out = compression.compress(sink)) {
      for (byte b : text) {
        out.write(b);
      }
    }

    assertArrayEquals(text, decompress(compression, sink.toByteArray()));
  }

  @Test
  void zstdOutputIsTheSameForTheSameInput() throws IOException {
    assertArrayEquals(compress(Compression.ZSTD, DATA), compress(Compression.ZSTD, DATA));
  }

  @Test
  void gzipOutputIsTheSameForTheSameInput() throws IOException {
    assertArrayEquals(compress(Compression.GZIP, DATA), compress(Compression.GZIP, DATA));
  }

  @Test
  void gzipHeaderHasNoModificationTime() throws IOException {
    byte[] gz = compress(Compression.GZIP, DATA);

    assertArrayEquals(new byte[4], Arrays.copyOfRange(gz, 4, 8));
  }

  @Test
  void zstdOutputIsAZstandardFrame() throws IOException {
    byte[] zst = compress(Compression.ZSTD, DATA);

    assertArrayEquals(
        new byte[] {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD}, Arrays.copyOfRange(zst, 0, 4));
  }

  @Test
  void gzipOutputIsAGzipMember() throws IOException {
    byte[] gz = compress(Compression.GZIP, DATA);

    assertArrayEquals(new byte[] {0x1F, (byte) 0x8B, 0x08}, Arrays.copyOfRange(gz, 0, 3));
  }

  @Test
  void noneWritesTheBytesUnchanged() throws IOException {
    assertArrayEquals(DATA, compress(Compression.NONE, DATA));
  }

  @ParameterizedTest
  @EnumSource(
      value = Compression.class,
      names = {"ZSTD", "GZIP"})
  void compressionMakesRepetitiveRowsSmaller(Compression compression) throws IOException {
    byte[] rows = "1,hello world\n".repeat(10_000).getBytes(StandardCharsets.US_ASCII);

    byte[] compressed = compress(compression, rows);

    assertTrue(compressed.length < rows.length / 10, compressed.length + " bytes");
  }

  @ParameterizedTest
  @EnumSource(
      value = Compression.class,
      names = {"ZSTD", "GZIP"})
  void truncatedFileFailsToDecompressRatherThanEndingEarly(Compression compression)
      throws IOException {
    byte[] compressed = compress(compression, DATA);
    byte[] truncated = Arrays.copyOf(compressed, compressed.length - 8);

    assertThrows(IOException.class, () -> decompress(compression, truncated));
  }

  @Test
  void gzipDecompressionReadsConcatenatedMembers() throws IOException {
    byte[] first = compress(Compression.GZIP, "a\n".getBytes(StandardCharsets.US_ASCII));
    byte[] second = compress(Compression.GZIP, "b\n".getBytes(StandardCharsets.US_ASCII));
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);

    assertEquals(
        "a\nb\n", new String(decompress(Compression.GZIP, both), StandardCharsets.US_ASCII));
  }

  @Test
  void extensionsAreZstGzAndNothing() {
    assertEquals("zst", Compression.ZSTD.extension());
    assertEquals("gz", Compression.GZIP.extension());
    assertEquals("", Compression.NONE.extension());
  }

  @Test
  void writtenNamesAreLowerCase() {
    assertEquals("zstd", Compression.ZSTD.toString());
    assertEquals("gzip", Compression.GZIP.toString());
    assertEquals("none", Compression.NONE.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd", "ZSTD", "Zstd"})
  void parsingIgnoresCase(String text) {
    assertEquals(Compression.ZSTD, Compression.parse(text));
  }

  @Test
  void parsingAnUnknownNameSaysWhatIsAccepted() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Compression.parse("lz4"));

    assertEquals("unknown compression 'lz4': expected zstd, gzip or none", e.getMessage());
  }

  private static byte[] compress(Compression compression, byte[] data) throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (OutputStream out = compression.compress(sink)) {
      out.write(data);
    }
    return sink.toByteArray();
  }

  private static byte[] decompress(Compression compression, byte[] compressed) throws IOException {
    try (InputStream in = compression.decompress(new ByteArrayInputStream(compressed))) {
      return in.readAllBytes();
    }
  }

  private static byte[] data() {
    StringBuilder text = new StringBuilder("id,name,amount\n");
    for (int i = 0; i < 20_000; i++) {
      text.append(i).append(",name ").append(i % 97).append(",").append(i * 7 % 1000).append('\n');
    }
    byte[] rows = text.toString().getBytes(StandardCharsets.UTF_8);
    byte[] noise = new byte[64 * 1024];
    new Random(42).nextBytes(noise);
    byte[] all = Arrays.copyOf(rows, rows.length + noise.length);
    System.arraycopy(noise, 0, all, rows.length, noise.length);
    return all;
  }
}
