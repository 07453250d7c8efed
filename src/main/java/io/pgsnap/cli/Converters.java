package io.pgsnap.cli;

import io.pgsnap.PgsnapException;
import io.pgsnap.snapshot.Compression;
import io.pgsnap.snapshot.DataFormat;
import io.pgsnap.storage.S3Location;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option value parsers; their messages say what is accepted. */
final class Converters {
  private Converters() {}

  /**
   * Local paths. A value that starts with {@code s3://} would otherwise become the folder {@code
   * s3:/bucket/...} on the local disk, so it is refused where object storage is not read yet (list,
   * status, prune, a safety snapshot's folder).
   */
  static final class LocalPathConverter implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
      if (S3Location.isS3(value)) {
        throw new TypeConversionException(
            "'"
                + value
                + "' is in object storage, where export writes snapshots and every command that"
                + " reads them looks for them; this option takes a local folder or file");
      }
      try {
        return Path.of(value);
      } catch (InvalidPathException e) {
        throw new TypeConversionException("'" + value + "' is not a path: " + e.getReason());
      }
    }
  }

  /**
   * Export's {@code --out}: a local folder, or an {@code s3://} location checked at once, so that
   * neither a malformed location nor a folder named {@code s3:} gets as far as the export.
   */
  static final class OutLocationConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (S3Location.isS3(value)) {
        try {
          return S3Location.parse(value).toString();
        } catch (PgsnapException e) {
          throw new TypeConversionException(e.getMessage());
        }
      }
      return new LocalPathConverter().convert(value).toString();
    }
  }

  static final class FormatConverter implements ITypeConverter<DataFormat> {
    @Override
    public DataFormat convert(String value) {
      try {
        return DataFormat.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class CompressionConverter implements ITypeConverter<Compression> {
    @Override
    public Compression convert(String value) {
      try {
        return Compression.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** Durations as {@code 90s}, {@code 5m}, {@code 26h}, {@code 30d}, {@code 2w}, or ISO-8601. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)");

    @Override
    public Duration convert(String value) {
      return parse(value);
    }

    static Duration parse(String value) {
      Matcher m = SIMPLE.matcher(value.trim().toLowerCase(Locale.ROOT));
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          case "d" -> Duration.ofDays(n);
          default -> Duration.ofDays(7 * n);
        };
      }
      try {
        return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
      } catch (RuntimeException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a duration: use e.g. 90s, 5m, 26h, 30d or 2w");
      }
    }
  }

  /** A size in bytes: a number with an optional unit, B, KiB, MiB, GiB or TiB (also k, M, G, T). */
  static final class SizeConverter implements ITypeConverter<Long> {
    private static final Pattern SIZE =
        Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?");

    @Override
    public Long convert(String value) {
      return parse(value);
    }

    static long parse(String value) {
      Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
      if (m.matches() && m.group(1).length() <= 12) {
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        int shift =
            switch (unit.charAt(0)) {
              case 'k' -> 10;
              case 'm' -> 20;
              case 'g' -> 30;
              case 't' -> 40;
              default -> 0;
            };
        return n << shift;
      }
      throw new TypeConversionException(
          "'" + value + "' is not a size: use e.g. 64MiB, 512KiB or 2GiB");
    }
  }
}
