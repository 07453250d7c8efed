package io.pgsnap.snapshot;

import io.pgsnap.catalog.TableId;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * File names that are safe for any identifier on any file system. Every character other than ASCII
 * letters, digits, {@code _} and {@code -} is percent-encoded as UTF-8 ({@code .} too, so that the
 * dot between schema and table stays unambiguous); names that would clash on a case-insensitive
 * file system get a numbered suffix; over-long names are shortened with a hash.
 */
public final class FileNames {
  /** Leaves room for extensions and a suffix within the common 255-byte limit. */
  private static final int MAX_STEM = 200;

  private FileNames() {}

  /** {@code text} with every character outside {@code [A-Za-z0-9_-]} percent-encoded. */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean safe =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-';
      if (safe) {
        out.append((char) c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return out.toString();
  }

  /** The extension of an encrypted table file, after the compression's ({@code .csv.zst.gpg}). */
  public static final String ENCRYPTED_EXTENSION = "gpg";

  /**
   * The file name for a table, e.g. {@code public.orders.csv.zst}, distinct (ignoring case) from
   * every name in {@code taken}; the caller adds the result to {@code taken}.
   */
  public static String tableFile(
      TableId table, DataFormat format, Compression compression, Set<String> taken) {
    return tableFile(table, format, compression, false, taken);
  }

  /**
   * {@link #tableFile(TableId, DataFormat, Compression, Set)}, ending in {@code .gpg} when the file
   * is {@code encrypted} ({@code public.orders.csv.zst.gpg}).
   */
  public static String tableFile(
      TableId table,
      DataFormat format,
      Compression compression,
      boolean encrypted,
      Set<String> taken) {
    String stem = escape(table.schema()) + '.' + escape(table.name());
    if (stem.length() > MAX_STEM) {
      int cut = MAX_STEM - 17;
      // Never keep part of a %XX escape, nor part of a character's UTF-8 bytes: cut before them.
      int percent = stem.lastIndexOf('%', cut - 1);
      if (percent >= cut - 2) {
        cut = percent;
      }
      while (stem.startsWith("%", cut)
          && (Integer.parseInt(stem.substring(cut + 1, cut + 3), 16) & 0xC0) == 0x80) {
        cut -= 3; // a UTF-8 continuation byte: its character started one escape earlier
      }
      stem = stem.substring(0, cut) + '~' + shortHash(table.toString());
    }
    String extension =
        '.'
            + format.extension()
            + (compression.extension().isEmpty() ? "" : "." + compression.extension())
            + (encrypted ? "." + ENCRYPTED_EXTENSION : "");
    String candidate = stem + extension;
    for (int n = 2; containsIgnoringCase(taken, candidate); n++) {
      candidate = stem + '~' + n + extension;
    }
    return candidate;
  }

  /**
   * The file name of part {@code number} (from 1) of a table whose one-file name would be {@code
   * tableFile}: {@code public.orders.csv.zst} gives {@code public.orders.p001.csv.zst}. Distinct
   * from every other table's names, as those never have a dot between the table name and the
   * extensions.
   */
  public static String partFile(String tableFile, int number) {
    int extension = tableFile.indexOf('.', tableFile.indexOf('.') + 1);
    return tableFile.substring(0, extension)
        + String.format(Locale.ROOT, ".p%03d", number)
        + tableFile.substring(extension);
  }

  private static boolean containsIgnoringCase(Set<String> names, String name) {
    return names.stream().anyMatch(name::equalsIgnoreCase);
  }

  private static String shortHash(String text) {
    byte[] digest = Hashing.sha256().digest(text.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest, 0, 8);
  }
}
