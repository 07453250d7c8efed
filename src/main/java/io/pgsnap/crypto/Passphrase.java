package io.pgsnap.crypto;

import io.pgsnap.db.Environment;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A passphrase that encrypts files (as OpenPGP's symmetric-key method) or unlocks a secret key. It
 * never appears in {@link #toString()}, in an exception message or in a log: nothing here reads it
 * out except the OpenPGP code of this package.
 */
public final class Passphrase {
  /** The environment variable a passphrase is taken from. */
  public static final String VARIABLE = "PGSNAP_PASSPHRASE";

  private static final Set<PosixFilePermission> GROUP_OR_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE);

  private final char[] chars;

  private Passphrase(char[] chars) {
    this.chars = chars;
  }

  /**
   * A passphrase given by a program.
   *
   * @throws WrongKeyException when it is empty
   */
  public static Passphrase of(String passphrase) {
    if (passphrase.isEmpty()) {
      throw new WrongKeyException("the passphrase is empty: give a non-empty one");
    }
    return new Passphrase(passphrase.toCharArray());
  }

  /** The passphrase in {@value #VARIABLE}, or empty when that variable is unset or empty. */
  public static Optional<Passphrase> fromEnvironment(Environment environment) {
    return environment.get(VARIABLE).map(value -> new Passphrase(value.toCharArray()));
  }

  /**
   * The first line of {@code file}, without its line ending ({@code \n} or {@code \r\n}), as {@code
   * gpg --passphrase-file} reads it. A file that its group or others may read or write is still
   * used (secrets that containers mount are often readable by all, and the file is the user's
   * choice) but adds a sentence to {@code warnings} saying so.
   *
   * @throws WrongKeyException when the file is missing, unreadable, not UTF-8, or its first line is
   *     empty
   */
  public static Passphrase fromFile(Path file, List<String> warnings) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new WrongKeyException("passphrase file " + file + " does not exist: check its path");
    } catch (IOException e) {
      throw new WrongKeyException(
          "could not read passphrase file "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + "): check its permissions",
          e);
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new WrongKeyException(
          "passphrase file " + file + " is not UTF-8 text: write the passphrase as UTF-8");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
    int end = text.indexOf('\n');
    String line = end < 0 ? text : text.substring(0, end);
    if (line.endsWith("\r")) {
      line = line.substring(0, line.length() - 1);
    }
    if (line.isEmpty()) {
      throw new WrongKeyException(
          "passphrase file " + file + " has an empty first line: put the passphrase on it");
    }
    if (exposed(file)) {
      warnings.add(
          "passphrase file "
              + file
              + " may be read or written by its group or others; make it u=rw (0600) or less");
    }
    return new Passphrase(line.toCharArray());
  }

  private static boolean exposed(Path file) {
    try {
      return Files.getPosixFilePermissions(file).stream().anyMatch(GROUP_OR_OTHERS::contains);
    } catch (UnsupportedOperationException | IOException e) {
      return false; // not a POSIX file system: nothing to check
    }
  }

  /** A copy of the characters, for Bouncy Castle; the caller should clear it after use. */
  char[] chars() {
    return chars.clone();
  }

  @Override
  public String toString() {
    return "Passphrase[hidden]";
  }
}
