package io.pgsnap.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import org.junit.jupiter.api.Test;

class S3LocationTest {
  private static String refusal(String location) {
    PgsnapException e = assertThrows(PgsnapException.class, () -> S3Location.parse(location));
    assertEquals(ErrorCode.USAGE, e.code());
    return e.getMessage();
  }

  @Test
  void aLocationIsABucketAndAPrefixWhoseLastSegmentIsTheName() {
    S3Location location = S3Location.parse("s3://backups/prod/appdb-20261123T091545Z");
    assertEquals("backups", location.bucket());
    assertEquals("prod/appdb-20261123T091545Z", location.prefix());
    assertEquals("appdb-20261123T091545Z", location.name());
    assertEquals("s3://backups/prod/appdb-20261123T091545Z", location.toString());
  }

  @Test
  void aBucketAloneHasAnEmptyPrefix() {
    S3Location location = S3Location.parse("s3://backups");
    assertEquals("", location.prefix());
    assertEquals("", location.keyPrefix());
    assertEquals("manifest.json", location.objectKey("manifest.json"));
  }

  @Test
  void oneTrailingSlashIsDropped() {
    assertEquals("prod", S3Location.parse("s3://backups/prod/").prefix());
    assertEquals("", S3Location.parse("s3://backups/").prefix());
  }

  @Test
  void objectKeysLieUnderThePrefix() {
    S3Location location = S3Location.parse("s3://backups/prod/id");
    assertEquals("prod/id/", location.keyPrefix());
    assertEquals("prod/id/tables/public.t.csv.zst", location.objectKey("tables/public.t.csv.zst"));
    assertEquals("s3://backups/prod/id/manifest.json", location.child("manifest.json").toString());
  }

  @Test
  void anObjectKeyCannotLeaveThePrefix() {
    S3Location location = S3Location.parse("s3://backups/prod/id");
    for (String path :
        new String[] {"../other/manifest.json", "tables/../../x", "/abs", "a//b", ""}) {
      assertThrows(IllegalArgumentException.class, () -> location.objectKey(path), path);
    }
    assertFalse(S3Location.isSafePath("tables\\x"));
    assertTrue(S3Location.isSafePath("tables/public.t.csv.zst"));
  }

  @Test
  void dotDotSegmentsAreRefused() {
    assertEquals(
        "not a valid object storage location \"s3://backups/prod/../x\": \"prod/../x\" has a"
            + " \"..\" segment; name every segment plainly",
        refusal("s3://backups/prod/../x"));
  }

  @Test
  void emptySegmentsAreRefused() {
    assertEquals(
        "not a valid object storage location \"s3://backups/prod//x\": \"prod//x\" has an empty"
            + " segment (\"//\")",
        refusal("s3://backups/prod//x"));
    assertEquals(
        "not a valid object storage location \"s3://backups//\": its key prefix is an empty"
            + " segment",
        refusal("s3://backups//"));
  }

  @Test
  void backslashesAreRefused() {
    assertEquals(
        "not a valid object storage location \"s3://backups/prod\\x\": \"prod\\x\" holds a"
            + " backslash; separate segments with /",
        refusal("s3://backups/prod\\x"));
  }

  @Test
  void aLocationWithoutBucketIsRefused() {
    assertEquals(
        "not a valid object storage location \"s3:///prod\": it names no bucket (write"
            + " s3://BUCKET/PREFIX)",
        refusal("s3:///prod"));
  }

  @Test
  void bucketNamesFollowS3sRules() {
    assertEquals(
        "not a valid object storage location \"s3://Backups/x\": the bucket name \"Backups\" may"
            + " hold only lower-case letters, digits, dots and hyphens, and must begin and end"
            + " with a letter or digit",
        refusal("s3://Backups/x"));
    assertEquals(
        "not a valid object storage location \"s3://ab\": the bucket name \"ab\" must be 3 to 63"
            + " characters long",
        refusal("s3://ab"));
    assertEquals(
        "not a valid object storage location \"s3://a..b\": the bucket name \"a..b\" must not"
            + " hold \"..\" or look like an IP address",
        refusal("s3://a..b"));
    assertEquals(
        "not a valid object storage location \"s3://10.0.0.1\": the bucket name \"10.0.0.1\" must"
            + " not hold \"..\" or look like an IP address",
        refusal("s3://10.0.0.1"));
  }

  @Test
  void anUpperCaseSchemeIsObjectStorageButRefused() {
    assertTrue(S3Location.isS3("S3://backups/x"));
    assertEquals(
        "not a valid object storage location \"S3://backups/x\": write the scheme in lower case,"
            + " s3://",
        refusal("S3://backups/x"));
  }

  @Test
  void localPathsAreNotObjectStorage() {
    assertFalse(S3Location.isS3("backups/s3:/x"));
    assertFalse(S3Location.isS3("s3:"));
    assertFalse(S3Location.isS3("./s3://x"));
  }
}
