package io.pgsnap.snapshot;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code SHA256SUMS}: {@code sha256sum}'s format, one {@code <hash> <path>} line per file
 * ({@code <hash> *<path>} in binary mode is accepted too, as {@code sha256sum -c} does).
 *
 * @param entries checksum by path, lower-case hex, in file order
 * @param malformed one message per line that is not an entry, naming the line
 */
public record ChecksumsFile(Map<String, String> entries, List<String> malformed) {
  private static final Pattern LINE = Pattern.compile("([0-9A-Fa-f]{64}) [ *](.+)");

  public ChecksumsFile {
    entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    malformed = List.copyOf(malformed);
  }

  /** Parses the file's bytes. */
  public static ChecksumsFile parse(byte[] content) {
    String text = new String(content, StandardCharsets.UTF_8);
    Map<String, String> entries = new LinkedHashMap<>();
    List<String> malformed = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    // A final newline leaves one empty string after it, which is not a line.
    int count = text.endsWith("\n") || text.isEmpty() ? lines.length - 1 : lines.length;
    for (int i = 0; i < count; i++) {
      int lineNumber = i + 1;
      Matcher m = LINE.matcher(lines[i]);
      if (!m.matches()) {
        malformed.add("line " + lineNumber + " is not '<sha256>  <file>' as sha256sum writes it");
        continue;
      }
      String path = m.group(2);
      String hash = m.group(1).toLowerCase(Locale.ROOT);
      if (entries.putIfAbsent(path, hash) != null) {
        malformed.add("line " + lineNumber + " lists " + path + " a second time");
      }
    }
    return new ChecksumsFile(entries, malformed);
  }
}
