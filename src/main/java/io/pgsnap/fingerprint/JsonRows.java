package io.pgsnap.fingerprint;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Fingerprints the rows of a JSON Lines table file as {@link JsonLinesReader} reads them. The
 * export wrote each value as the text PostgreSQL printed: a string holds that text, a number its
 * digits as printed, and {@code true}/{@code false} stand for {@code t}/{@code f}.
 */
public final class JsonRows {
  private final List<String> columns;
  private final RowDigests digests;
  private long bytesRead;

  /**
   * @param columns the file's columns, in the order their values are digested
   */
  public JsonRows(List<String> columns) {
    this(columns, RowListener.NONE);
  }

  /**
   * @param columns the file's columns, in the order their values are digested
   * @param listener hears each row's values and digest
   */
  public JsonRows(List<String> columns, RowListener listener) {
    this.columns = List.copyOf(columns);
    this.digests = new RowDigests(listener);
  }

  /**
   * Reads and fingerprints every row of {@code in}, to its end or its first malformed row.
   *
   * @return why the text is not JSON Lines of the file's columns, if it is not; the rows before
   *     that stay counted
   * @throws IOException when the stream itself fails (a file that does not decompress)
   */
  public Optional<String> read(InputStream in) throws IOException {
    JsonLinesReader reader = new JsonLinesReader(in, columns);
    Digesting values = new Digesting();
    try {
      while (reader.next(values)) {
        // each row is digested as it ends
      }
    } catch (JsonLinesReader.MalformedException e) {
      return Optional.of(e.getMessage());
    } finally {
      bytesRead = reader.bytesRead();
    }
    if (reader.lastLineUnterminated()) {
      return Optional.of("the last line does not end with a newline");
    }
    return Optional.empty();
  }

  /** How many rows were read whole. */
  public long rows() {
    return digests.rows();
  }

  /** How many bytes of text were read. */
  public long bytesRead() {
    return bytesRead;
  }

  /** The fingerprint of the rows read so far. */
  public Fingerprint fingerprint() {
    return digests.fingerprint();
  }

  /** Feeds the values, whose lengths are known only at their ends, to the row digests. */
  private final class Digesting implements JsonLinesReader.Values {
    @Override
    public void nullValue() {
      digests.addNull();
    }

    @Override
    public void beginValue() {
      digests.beginValue();
    }

    @Override
    public void text(byte[] bytes, int offset, int count) {
      digests.append(bytes, offset, count);
    }

    @Override
    public void endValue() {
      digests.endValue();
    }

    @Override
    public void endRow() {
      digests.endRow();
    }
  }
}
