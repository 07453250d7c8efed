package io.pgsnap.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class ReadProblemsTest {
  /** {@code length} zero bytes, made as they are read. */
  private static InputStream zeros(long length) {
    return new InputStream() {
      private long left = length;

      @Override
      public int read() {
        return left-- > 0 ? 0 : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        java.util.Arrays.fill(b, off, off + n, (byte) 0);
        left -= n;
        return n;
      }
    };
  }

  @Test
  void aRecordIsReadWhole() throws IOException {
    assertArrayEquals(
        new byte[] {1, 2, 3},
        ReadProblems.readRecord(new ByteArrayInputStream(new byte[] {1, 2, 3})));
  }

  @Test
  void aRecordOfTheLargestSizeIsRead() throws IOException {
    assertEquals(
        ReadProblems.MAX_RECORD_BYTES,
        ReadProblems.readRecord(zeros(ReadProblems.MAX_RECORD_BYTES)).length);
  }

  @Test
  void aRecordLargerThanAnyPgsnapWritesIsRefused() {
    IOException e =
        assertThrows(
            IOException.class,
            () -> ReadProblems.readRecord(zeros(ReadProblems.MAX_RECORD_BYTES + 1L)));
    assertEquals("it holds more than 256 MiB, which no record pgsnap writes does", e.getMessage());
  }
}
