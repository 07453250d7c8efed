package io.pgsnap.storage;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A place in object storage, {@code s3://bucket/prefix}: a bucket and a key prefix made of {@code
 * /}-separated segments ({@code ""} for the whole bucket). A snapshot lives under one prefix, whose
 * last segment is its id; each of its files is the object {@code prefix/path}.
 *
 * <p>Segments are checked as strictly as paths inside a snapshot are: no empty segment, no {@code
 * .} or {@code ..}, no backslash and no control character, so that no key built from a location (or
 * from a manifest's file path, {@link #objectKey}) can name an object outside its prefix.
 *
 * @param bucket the bucket's name, checked against S3's naming rules
 * @param prefix the key prefix, without leading or trailing {@code /}; {@code ""} for the bucket
 */
public record S3Location(String bucket, String prefix) {
  /** How every location starts; anything that does is never a local path. */
  public static final String SCHEME = "s3://";

  private static final int MAX_KEY_BYTES = 1024;
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

  public S3Location {
    checkBucket(bucket);
    Objects.requireNonNull(prefix, "prefix");
    if (!prefix.isEmpty()) {
      checkKey(prefix);
    }
  }

  /**
   * Whether {@code location} names object storage. Case is ignored, so that {@code S3://...} is not
   * mistaken for a local folder named {@code S3:} either.
   */
  public static boolean isS3(String location) {
    return location.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
  }

  /**
   * Parses {@code s3://bucket}, {@code s3://bucket/prefix} or {@code s3://bucket/prefix/id}. One
   * trailing {@code /} is allowed, as other tools print prefixes with one.
   *
   * @throws PgsnapException {@link ErrorCode#USAGE} naming what is wrong with the location
   */
  public static S3Location parse(String location) {
    Objects.requireNonNull(location, "location");
    if (!isS3(location)) {
      throw invalid(location, "it does not start with " + SCHEME);
    }
    if (!location.startsWith(SCHEME)) {
      throw invalid(location, "write the scheme in lower case, " + SCHEME);
    }
    String rest = location.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    if (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    if (bucket.isEmpty()) {
      throw invalid(location, "it names no bucket (write s3://BUCKET/PREFIX)");
    }
    if (slash >= 0 && prefix.isEmpty() && rest.length() > slash + 1) {
      throw invalid(location, "its key prefix is an empty segment");
    }
    try {
      return new S3Location(bucket, prefix);
    } catch (IllegalArgumentException e) {
      throw invalid(location, e.getMessage());
    }
  }

  /** The last segment of the prefix: a snapshot's id when a snapshot lies here. */
  public String name() {
    return prefix.substring(prefix.lastIndexOf('/') + 1);
  }

  /** The place {@code segment} below this one, e.g. a snapshot inside a folder of snapshots. */
  public S3Location child(String segment) {
    return new S3Location(bucket, prefix.isEmpty() ? segment : prefix + "/" + segment);
  }

  /**
   * The key of the object at {@code path} under this prefix. {@code path} is checked like the
   * prefix, so it cannot lead outside it.
   *
   * @throws IllegalArgumentException when {@code path} is not a safe relative path
   */
  public String objectKey(String path) {
    String key = prefix.isEmpty() ? path : prefix + "/" + path;
    checkKey(path);
    checkKeyLength(key);
    return key;
  }

  /** The prefix every object under this place starts with: {@code prefix/}, or {@code ""}. */
  public String keyPrefix() {
    return prefix.isEmpty() ? "" : prefix + "/";
  }

  @Override
  public String toString() {
    return SCHEME + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }

  private static void checkBucket(String bucket) {
    Objects.requireNonNull(bucket, "bucket");
    if (bucket.length() < 3 || bucket.length() > 63) {
      throw new IllegalArgumentException(
          "the bucket name \"" + bucket + "\" must be 3 to 63 characters long");
    }
    if (!BUCKET.matcher(bucket).matches()) {
      throw new IllegalArgumentException(
          "the bucket name \""
              + bucket
              + "\" may hold only lower-case letters, digits, dots and hyphens, and must begin and"
              + " end with a letter or digit");
    }
    if (bucket.contains("..") || IP_ADDRESS.matcher(bucket).matches()) {
      throw new IllegalArgumentException(
          "the bucket name \"" + bucket + "\" must not hold \"..\" or look like an IP address");
    }
  }

  /**
   * Whether {@code path} is a safe relative path: segments that are not empty, {@code .} or {@code
   * ..}, without backslash or control character, within S3's key length.
   */
  public static boolean isSafePath(String path) {
    try {
      checkKey(path);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void checkKey(String key) {
    if (key.startsWith("/")) {
      throw new IllegalArgumentException("\"" + key + "\" has an empty segment (\"//\")");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '\\') {
        throw new IllegalArgumentException(
            "\"" + key + "\" holds a backslash; separate segments with /");
      }
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException("\"" + key + "\" holds a control character");
      }
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty()) {
        throw new IllegalArgumentException("\"" + key + "\" has an empty segment (\"//\")");
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            "\"" + key + "\" has a \"" + segment + "\" segment; name every segment plainly");
      }
    }
    checkKeyLength(key);
  }

  private static void checkKeyLength(String key) {
    if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException(
          "the key is longer than S3's limit of " + MAX_KEY_BYTES + " bytes");
    }
  }

  private static PgsnapException invalid(String location, String why) {
    return new PgsnapException(
        ErrorCode.USAGE, "not a valid object storage location \"" + location + "\": " + why);
  }
}
