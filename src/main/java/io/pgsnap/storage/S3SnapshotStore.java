package io.pgsnap.storage;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.snapshot.SnapshotStore;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A snapshot under a prefix in a bucket. Each file is the object {@code prefix/path}; a folder is a
 * common prefix of objects, as S3 has no folders of its own. Objects have no links, FIFOs or
 * devices, so only {@link Type#REGULAR} and {@link Type#FOLDER} entries occur, except that a key
 * that no snapshot path could name (an empty segment, {@code ..}, a backslash) is listed as {@link
 * Type#OTHER}, so that it is reported and never opened.
 *
 * <p>Every path is checked by {@link S3Location#objectKey} before a request is made, so a manifest
 * cannot make this store read an object outside the snapshot's prefix. Objects are streamed as they
 * are read, never held whole in memory.
 *
 * <p>Failures of the storage itself (a missing bucket, refused credentials, denied access, an
 * unreachable server, a connection lost while reading) are thrown as {@link
 * io.pgsnap.PgsnapException}s from {@link S3Errors}, not as {@link IOException}s: they say nothing
 * about the snapshot, so a verification must not report them as damage to it.
 */
public final class S3SnapshotStore implements SnapshotStore {
  private final S3Storage storage;
  private final S3Location root;

  /** The snapshot under {@code root}, read through {@code storage}. */
  public S3SnapshotStore(S3Storage storage, S3Location root) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.root = Objects.requireNonNull(root, "root");
  }

  /** Where the snapshot is. */
  public S3Location root() {
    return root;
  }

  @Override
  public String location() {
    return root.toString();
  }

  @Override
  public Optional<Entry> entry(String path) throws IOException {
    String key = key(path);
    try {
      HeadObjectResponse head = storage.client().headObject(b -> b.bucket(root.bucket()).key(key));
      return Optional.of(new Entry(path, Type.REGULAR, head.contentLength()));
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw failed(e, "reading", key);
      }
    } catch (SdkException e) {
      throw failed(e, "reading", key);
    }
    return isFolder(key) ? Optional.of(new Entry(path, Type.FOLDER, 0)) : Optional.empty();
  }

  @Override
  public List<Entry> list(String folder) throws IOException {
    String prefix = folder.isEmpty() ? root.keyPrefix() : key(folder) + "/";
    List<Entry> entries = new ArrayList<>();
    String strip = root.keyPrefix();
    try {
      ListObjectsV2Request request =
          ListObjectsV2Request.builder()
              .bucket(root.bucket())
              .prefix(prefix)
              .delimiter("/")
              .build();
      for (ListObjectsV2Response page : storage.client().listObjectsV2Paginator(request)) {
        for (S3Object object : page.contents()) {
          if (!object.key().equals(prefix)) { // a console's zero-byte "folder" marker
            entries.add(
                listed(object.key().substring(strip.length()), Type.REGULAR, object.size()));
          }
        }
        for (CommonPrefix common : page.commonPrefixes()) {
          String name = common.prefix().substring(strip.length());
          entries.add(listed(name.substring(0, name.length() - 1), Type.FOLDER, 0L));
        }
      }
    } catch (SdkException e) {
      throw failed(e, "listing", prefix);
    }
    if (entries.isEmpty()) {
      throw new NoSuchFileException(root.toString() + (folder.isEmpty() ? "" : "/" + folder));
    }
    return entries;
  }

  @Override
  public InputStream open(String path) throws IOException {
    String key = key(path);
    ResponseInputStream<GetObjectResponse> object;
    try {
      object = storage.client().getObject(b -> b.bucket(root.bucket()).key(key));
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw failed(e, "reading", key);
      }
      if (isFolder(key)) {
        throw new NotARegularFileException(new Entry(path, Type.FOLDER, 0));
      }
      throw new NoSuchFileException(root + "/" + path);
    } catch (SdkException e) {
      throw failed(e, "reading", key);
    }
    return new ObjectStream(
        object,
        from -> openFrom(key, from, object.response().eTag()),
        root + "/" + path,
        storage.endpoint());
  }

  /**
   * The rest of the object {@code key} from byte {@code from} on, provided it is still the object
   * whose entity tag is {@code eTag}: a resumed download never splices two versions together.
   */
  private ResponseInputStream<GetObjectResponse> openFrom(String key, long from, String eTag) {
    try {
      return storage
          .client()
          .getObject(
              b -> {
                b.bucket(root.bucket()).key(key).range("bytes=" + from + "-");
                if (eTag != null) {
                  b.ifMatch(eTag);
                }
              });
    } catch (SdkException e) {
      throw failed(e, "reading", key);
    }
  }

  /** Whether objects lie under {@code key/}, which makes {@code key} a folder. */
  private boolean isFolder(String key) {
    try {
      return storage
          .client()
          .listObjectsV2(b -> b.bucket(root.bucket()).prefix(key + "/").maxKeys(1))
          .hasContents();
    } catch (SdkException e) {
      throw failed(e, "listing", key + "/");
    }
  }

  private String key(String path) {
    if (path.isEmpty()) {
      throw new IllegalArgumentException("not a path inside the snapshot: " + path);
    }
    return root.objectKey(path);
  }

  /** An entry found by listing; a name no snapshot path could have is never opened. */
  private static Entry listed(String name, Type type, Long size) {
    return new Entry(
        name, S3Location.isSafePath(name) ? type : Type.OTHER, size == null ? 0 : size);
  }

  private RuntimeException failed(SdkException e, String action, String key) {
    return S3Errors.of(
        e,
        action + " " + S3Location.SCHEME + root.bucket() + "/" + key,
        root.bucket(),
        storage.endpoint());
  }

  /** Opens the rest of an object from a byte offset on. */
  @FunctionalInterface
  private interface Resumer {
    ResponseInputStream<GetObjectResponse> from(long offset);
  }

  /**
   * An object's bytes as they arrive. When the connection is lost on the way, the download resumes
   * where it stopped with a ranged request for the same version of the object, up to {@link
   * #MAX_RESUMES} times: a long restore over a flaky network does not start again from nothing, and
   * the reader's SHA-256 still covers every byte. A connection that stays lost is not damage to the
   * snapshot, so it is reported as such ({@link S3Errors#readInterrupted}) rather than as an
   * unreadable file. Closed before its end, the stream aborts its request rather than reading the
   * rest.
   */
  private static final class ObjectStream extends InputStream {
    /** How many times one object's download resumes after a lost connection before giving up. */
    static final int MAX_RESUMES = 3;

    private final Resumer resumer;
    private final String name;
    private final String endpoint;
    private final Long length;
    private ResponseInputStream<GetObjectResponse> object;
    private long position;
    private int resumes;
    private boolean ended;

    ObjectStream(
        ResponseInputStream<GetObjectResponse> object,
        Resumer resumer,
        String name,
        String endpoint) {
      this.object = object;
      this.length = object.response().contentLength();
      this.resumer = resumer;
      this.name = name;
      this.endpoint = endpoint;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (true) {
        int n;
        try {
          n = object.read(b, off, len);
        } catch (IOException e) {
          if (length != null && position >= length) {
            // Lost after the last byte: there is nothing left to ask for.
            object.abort();
            ended = true;
            return -1;
          }
          resume(e);
          continue;
        }
        if (n < 0 && length != null && position < length) {
          // The response ended early without an error: as lost as a connection that failed.
          resume(
              new EOFException(
                  "the response ended after " + position + " of " + length + " bytes"));
          continue;
        }
        if (n < 0) {
          ended = true;
        } else {
          position += n;
        }
        return n;
      }
    }

    /** Replaces the lost response with the rest of the object, or gives up. */
    private void resume(IOException lost) {
      object.abort();
      if (resumes >= MAX_RESUMES) {
        throw S3Errors.readInterrupted(lost, name, endpoint);
      }
      resumes++;
      try {
        object = resumer.from(position);
      } catch (PgsnapException e) {
        if (e.code() == ErrorCode.CONNECTION) {
          // Still unreachable: the failure to report is the connection lost while reading.
          PgsnapException interrupted = S3Errors.readInterrupted(lost, name, endpoint);
          interrupted.addSuppressed(e);
          throw interrupted;
        }
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      if (!ended) {
        object.abort();
      }
      object.close();
    }
  }
}
