package io.pgsnap.storage;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.snapshot.SnapshotWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What object storage does with all objects under a prefix at once: whether there are any, a
 * summary of each snapshot below a folder of snapshots, and deleting them (with any unfinished
 * multipart uploads). Every listing is paginated.
 */
public final class S3Objects {
  /** S3's limit of keys per {@code DeleteObjects} request. */
  private static final int DELETE_BATCH = 1000;

  private S3Objects() {}

  /**
   * The objects below {@code place} grouped by their first segment under it: one summary per
   * snapshot id (an object directly under {@code place} belongs to none). A multipart upload still
   * open below an id counts too, dated when it started: an export killed in its first table file
   * leaves nothing else, and that upload is what {@link #deleteAll} must abort.
   */
  public static List<PrefixSummary> summaries(S3Storage storage, S3Location place) {
    Map<String, PrefixSummary> byId = new LinkedHashMap<>();
    String strip = place.keyPrefix();
    ListObjectsV2Request request =
        ListObjectsV2Request.builder().bucket(place.bucket()).prefix(strip).build();
    ListMultipartUploadsRequest uploads =
        ListMultipartUploadsRequest.builder().bucket(place.bucket()).prefix(strip).build();
    try {
      for (ListObjectsV2Response page : storage.client().listObjectsV2Paginator(request)) {
        for (S3Object object : page.contents()) {
          String rest = object.key().substring(strip.length());
          int slash = rest.indexOf('/');
          if (slash <= 0) {
            continue;
          }
          String id = rest.substring(0, slash);
          String path = rest.substring(slash + 1);
          byId.merge(
              id,
              new PrefixSummary(
                  id, 1, size(object), object.lastModified(), path.equals(SnapshotWriter.MANIFEST)),
              PrefixSummary::plus);
        }
      }
      for (ListMultipartUploadsResponse page :
          storage.client().listMultipartUploadsPaginator(uploads)) {
        for (MultipartUpload upload : page.uploads()) {
          String rest = upload.key().substring(strip.length());
          int slash = rest.indexOf('/');
          if (slash > 0 && upload.initiated() != null) {
            String id = rest.substring(0, slash);
            byId.merge(
                id, new PrefixSummary(id, 0, 0, upload.initiated(), false), PrefixSummary::plus);
          }
        }
      }
    } catch (SdkException e) {
      throw failed(e, "listing", place, storage);
    }
    return List.copyOf(byId.values());
  }

  /** Whether any object lies under {@code place}. */
  static boolean holdsObjects(S3Storage storage, S3Location place) {
    try {
      return storage
          .client()
          .listObjectsV2(b -> b.bucket(place.bucket()).prefix(place.keyPrefix()).maxKeys(1))
          .hasContents();
    } catch (SdkException e) {
      throw failed(e, "listing", place, storage);
    }
  }

  /**
   * Deletes every object under {@code place} and aborts the multipart uploads started there.
   *
   * @return how many objects were deleted
   * @throws PgsnapException from {@link S3Errors} when the storage refuses, or names the keys it
   *     could not delete
   */
  public static int deleteAll(S3Storage storage, S3Location place) {
    List<String> keys = new ArrayList<>();
    ListObjectsV2Request request =
        ListObjectsV2Request.builder().bucket(place.bucket()).prefix(place.keyPrefix()).build();
    try {
      for (ListObjectsV2Response page : storage.client().listObjectsV2Paginator(request)) {
        page.contents().forEach(o -> keys.add(o.key()));
      }
      for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
        deleteBatch(storage, place, keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH)));
      }
      abortUploads(storage, place);
    } catch (SdkException e) {
      throw failed(e, "deleting the objects under", place, storage);
    }
    return keys.size();
  }

  private static void deleteBatch(S3Storage storage, S3Location place, List<String> keys) {
    List<ObjectIdentifier> ids =
        keys.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList();
    DeleteObjectsResponse response =
        storage
            .client()
            .deleteObjects(b -> b.bucket(place.bucket()).delete(d -> d.objects(ids).quiet(true)));
    if (response.hasErrors() && !response.errors().isEmpty()) {
      throw new PgsnapException(
          ErrorCode.STORAGE,
          storage.endpoint()
              + " refused to delete "
              + response.errors().size()
              + " object(s) under "
              + place
              + ", the first "
              + S3Location.SCHEME
              + place.bucket()
              + "/"
              + response.errors().get(0).key()
              + " ("
              + response.errors().get(0).code()
              + "): check that the credentials may delete objects (s3:DeleteObject)");
    }
  }

  private static void abortUploads(S3Storage storage, S3Location place) {
    ListMultipartUploadsRequest request =
        ListMultipartUploadsRequest.builder()
            .bucket(place.bucket())
            .prefix(place.keyPrefix())
            .build();
    for (ListMultipartUploadsResponse page :
        storage.client().listMultipartUploadsPaginator(request)) {
      for (MultipartUpload upload : page.uploads()) {
        storage
            .client()
            .abortMultipartUpload(
                b -> b.bucket(place.bucket()).key(upload.key()).uploadId(upload.uploadId()));
      }
    }
  }

  private static long size(S3Object object) {
    return object.size() == null ? 0 : object.size();
  }

  private static PgsnapException failed(
      SdkException e, String action, S3Location place, S3Storage storage) {
    return S3Errors.of(e, action + " " + place, place.bucket(), storage.endpoint());
  }

  /**
   * The objects under one snapshot's prefix.
   *
   * @param id the prefix's last segment, the snapshot's id
   * @param objects how many objects
   * @param bytes their total size
   * @param newest the newest object's LastModified
   * @param complete whether {@code manifest.json} is among them
   */
  public record PrefixSummary(
      String id, int objects, long bytes, Instant newest, boolean complete) {
    PrefixSummary plus(PrefixSummary other) {
      return new PrefixSummary(
          id,
          objects + other.objects,
          bytes + other.bytes,
          newest.isAfter(other.newest) ? newest : other.newest,
          complete || other.complete);
    }
  }
}
