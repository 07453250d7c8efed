package io.pgsnap.snapshot;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/** How a table file is compressed. Compressed output is deterministic for the same input. */
public enum Compression {
  /** Zstandard at level 3: fast, and smaller than gzip. */
  ZSTD("zst"),
  /** gzip at level 6 (gzip's own default), with no timestamp in the header. */
  GZIP("gz"),
  NONE("");

  private static final int ZSTD_LEVEL = 3;
  private static final int GZIP_LEVEL = 6;

  private final String extension;

  Compression(String extension) {
    this.extension = extension;
  }

  /** The file name extension without a dot, empty for {@link #NONE}. */
  public String extension() {
    return extension;
  }

  /** Wraps {@code out} so that what is written to the result reaches {@code out} compressed. */
  public OutputStream compress(OutputStream out) throws IOException {
    return switch (this) {
      case ZSTD -> new ZstdOutputStreamNoFinalizer(out, ZSTD_LEVEL);
      case GZIP -> {
        GzipParameters parameters = new GzipParameters();
        parameters.setCompressionLevel(GZIP_LEVEL);
        parameters.setModificationTime(0);
        yield new GzipCompressorOutputStream(out, parameters);
      }
      case NONE -> out;
    };
  }

  /** Wraps {@code in} so that reading the result gives the uncompressed bytes. */
  public InputStream decompress(InputStream in) throws IOException {
    return switch (this) {
      case ZSTD -> new ZstdInputStreamNoFinalizer(in);
      case GZIP -> new GzipCompressorInputStream(in, true);
      case NONE -> in;
    };
  }

  /** Parses {@code zstd}, {@code gzip} or {@code none}, case-insensitively. */
  public static Compression parse(String text) {
    for (Compression c : values()) {
      if (c.name().equalsIgnoreCase(text)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown compression '" + text + "': expected zstd, gzip or none");
  }

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
