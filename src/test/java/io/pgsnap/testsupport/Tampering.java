package io.pgsnap.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * What someone who can write a snapshot folder can do to it: edit the manifest and recompute the
 * checksums that cover it, swap files for links or special files.
 */
public final class Tampering {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Tampering() {}

  /**
   * Rewrites the snapshot as one from before content fingerprints: format version 4, no table's
   * fingerprint, every checksum resealed.
   */
  public static void withoutFingerprints(Path snapshot) {
    editManifest(
        snapshot,
        m -> {
          m.put("formatVersion", 4);
          m.get("tables").forEach(t -> ((ObjectNode) t).remove("fingerprint"));
        },
        true);
  }

  /**
   * Edits {@code manifest.json}, then recomputes {@code SHA256SUMS} from the manifest's table
   * entries and the overall checksum from it, as a careful forger would.
   *
   * @param resealManifest whether {@code manifest.sha256} is recomputed too: a forger who can
   *     rewrite every file can, which is the limit of checksums without keys
   */
  public static void editManifest(
      Path snapshot, Consumer<ObjectNode> edit, boolean resealManifest) {
    try {
      Path file = snapshot.resolve("manifest.json");
      ObjectNode manifest = (ObjectNode) JSON.readTree(file.toFile());
      edit.accept(manifest);
      Map<String, String> sums = new TreeMap<>();
      for (JsonNode t : manifest.get("tables")) {
        Iterable<JsonNode> files = t.has("parts") ? t.get("parts") : List.of(t);
        for (JsonNode listed : files) {
          sums.put(listed.get("file").asText(), listed.get("sha256").asText());
        }
      }
      StringBuilder text = new StringBuilder();
      sums.forEach((path, hash) -> text.append(hash).append("  ").append(path).append('\n'));
      byte[] sumsBytes = text.toString().getBytes(StandardCharsets.UTF_8);
      Files.write(snapshot.resolve("SHA256SUMS"), sumsBytes);
      manifest.put("overallChecksum", sha256(sumsBytes));
      byte[] manifestBytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
      Files.write(file, manifestBytes);
      if (resealManifest) {
        Files.writeString(
            snapshot.resolve("manifest.sha256"), sha256(manifestBytes) + "  manifest.json\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Edits the manifest entry of table {@code name}, resealing everything. */
  public static void editTable(Path snapshot, String name, Consumer<ObjectNode> edit) {
    editManifest(
        snapshot,
        m -> {
          for (JsonNode t : m.get("tables")) {
            if (t.get("name").asText().equals(name)) {
              edit.accept((ObjectNode) t);
              return;
            }
          }
          throw new AssertionError("no table " + name + " in the manifest");
        },
        true);
  }

  /**
   * Rewrites the file of table {@code name}, which must be uncompressed, with {@code edit} applied
   * to its text, and recomputes its size, checksum and every checksum above it: the file then
   * passes every check but its content fingerprint's.
   */
  public static void editTableFile(Path snapshot, String name, UnaryOperator<String> edit) {
    editManifest(
        snapshot,
        m -> {
          ObjectNode table = null;
          for (JsonNode t : m.get("tables")) {
            if (t.get("name").asText().equals(name)) {
              table = (ObjectNode) t;
            }
          }
          if (table == null) {
            throw new AssertionError("no table " + name + " in the manifest");
          }
          try {
            Path file = snapshot.resolve(table.get("file").asText());
            byte[] edited =
                edit.apply(Files.readString(file, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8);
            Files.write(file, edited);
            long grown = edited.length - table.get("storedBytes").asLong();
            table.put("sha256", sha256(edited));
            table.put("storedBytes", edited.length);
            table.put("rawBytes", edited.length);
            ObjectNode totals = (ObjectNode) m.get("totals");
            totals.put("storedBytes", totals.get("storedBytes").asLong() + grown);
            totals.put("rawBytes", totals.get("rawBytes").asLong() + grown);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        true);
  }

  /** Replaces {@code file} with a symbolic link to {@code target}. */
  public static void replaceWithLink(Path file, Path target) {
    try {
      Files.delete(file);
      Files.createSymbolicLink(file, target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces {@code file} with a named pipe, which blocks whoever opens it for reading. */
  public static void replaceWithFifo(Path file) {
    try {
      Files.delete(file);
      Process p = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("mkfifo " + file + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
