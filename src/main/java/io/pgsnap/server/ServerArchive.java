package io.pgsnap.server;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks a server binaries jar: it holds one {@code .txz}, a tar of {@code bin/}, {@code lib/} and
 * {@code share/} compressed with xz.
 */
public final class ServerArchive {
  private static final Logger log = LoggerFactory.getLogger(ServerArchive.class);

  /** Written last into an unpacked folder; holds the SHA-256 of the jar it came from. */
  private static final String UNPACKED_MARKER = ".unpacked-from-sha256";

  private ServerArchive() {}

  /**
   * The jar's archive unpacked into {@code target}; reused when it was unpacked from the same jar
   * before. Unpacks into a fresh sibling folder and renames it into place, so that an interrupted
   * run never leaves a half-unpacked folder that looks complete.
   */
  static Path unpacked(Path jar, Path target) {
    String jarDigest = sha256(jar);
    if (unpackedFrom(target, jarDigest)) {
      return target;
    }
    Path staging = target.resolveSibling(target.getFileName() + ".unpacking-" + UUID.randomUUID());
    long started = System.nanoTime();
    try {
      Files.createDirectories(target.getParent());
      Files.createDirectory(staging);
      Files.setPosixFilePermissions(staging, permissions(0755));
      unpackArchive(jar, staging);
      Files.writeString(staging.resolve(UNPACKED_MARKER), jarDigest, StandardCharsets.UTF_8);
      deleteTree(target);
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        // Another process unpacked the same jar at the same moment; use its folder if complete.
        if (!unpackedFrom(target, jarDigest)) {
          throw e;
        }
      }
      log.debug(
          "Unpacked {} into {} in {} ms", jar, target, (System.nanoTime() - started) / 1_000_000);
      return target;
    } catch (IOException e) {
      throw new PgsnapException(
          ErrorCode.STORAGE, "could not unpack " + jar + " into " + target + ": " + e, e);
    } finally {
      deleteTree(staging);
    }
  }

  private static boolean unpackedFrom(Path folder, String jarDigest) {
    try {
      Path marker = folder.resolve(UNPACKED_MARKER);
      return Files.isRegularFile(marker)
          && Files.readString(marker, StandardCharsets.UTF_8).trim().equals(jarDigest);
    } catch (IOException e) {
      return false;
    }
  }

  /** The jar holds one {@code .txz}: a tar of bin/, lib/ and share/ compressed with xz. */
  private static void unpackArchive(Path jar, Path into) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      ZipEntry txz =
          zip.stream()
              .filter(e -> e.getName().endsWith(".txz"))
              .findFirst()
              .orElseThrow(() -> new IOException(jar + " holds no .txz archive"));
      try (InputStream raw = new BufferedInputStream(zip.getInputStream(txz));
          TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(raw))) {
        unpackTar(tar, into);
      }
    }
  }

  private static void unpackTar(TarArchiveInputStream tar, Path into) throws IOException {
    // Folders get their modes last: a read-only folder would refuse the files still to come.
    List<TarArchiveEntry> folders = new ArrayList<>();
    TarArchiveEntry entry;
    while ((entry = tar.getNextEntry()) != null) {
      Path path = inside(into, entry.getName());
      if (entry.isDirectory()) {
        Files.createDirectories(path);
        folders.add(entry);
        continue;
      }
      Files.createDirectories(path.getParent());
      if (entry.isSymbolicLink()) {
        Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
      } else if (entry.isLink()) {
        Files.createLink(path, inside(into, entry.getLinkName()));
      } else if (entry.isFile()) {
        Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
        // The executables must stay executable, and every file readable by the server's OS user.
        Files.setPosixFilePermissions(path, permissions(entry.getMode()));
      }
    }
    for (TarArchiveEntry folder : folders) {
      Files.setPosixFilePermissions(inside(into, folder.getName()), permissions(folder.getMode()));
    }
  }

  /** Refuses archive entries that would land outside the target folder. */
  private static Path inside(Path root, String entryName) throws IOException {
    Path path = root.resolve(entryName).normalize();
    if (!path.startsWith(root)) {
      throw new IOException("archive entry " + entryName + " points outside " + root);
    }
    return path;
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] byBit = {
      PosixFilePermission.OTHERS_EXECUTE,
      PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < byBit.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        set.add(byBit[bit]);
      }
    }
    return set;
  }

  private static String sha256(Path file) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Deletes a folder tree if present; symbolic links are removed, never followed. */
  public static void deleteTree(Path root) {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + root, e);
    }
  }
}
