package io.pgsnap.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code manifest.json} of an encrypted snapshot: what anyone may read without the key. It is
 * the complete manifest cut down to the snapshot's figures and checksums (format, tool, id, label,
 * times, source, options, totals, overall checksum, and per table its name, kind, files, format,
 * compression, rows, sizes and stored SHA-256), plus an {@link ManifestEncryption} record naming
 * the encrypted complete manifest. Columns, defaults, constraints, indexes, DDL, what is attached
 * or used, comments, sequences and their values and content fingerprints reveal row content, so
 * they are only in the encrypted complete manifest.
 */
public final class PublicManifest {
  /** The encrypted complete manifest's file name in a snapshot folder. */
  public static final String PRIVATE_FILE = "manifest.private.json.gpg";

  private static final List<String> TOP =
      List.of(
          "formatVersion",
          "tool",
          "id",
          "label",
          "startedAt",
          "finishedAt",
          "source",
          "options",
          "tables",
          "totals",
          "overallChecksum");
  private static final Set<String> TABLE =
      Set.of(
          "schema",
          "name",
          "kind",
          "file",
          "format",
          "compression",
          "rows",
          "storedBytes",
          "rawBytes",
          "sha256",
          "parts");
  private static final Set<String> PART =
      Set.of("file", "rows", "storedBytes", "rawBytes", "sha256", "fromBlock", "toBlock");

  private final ObjectMapper mapper = ManifestJson.newMapper();

  /** The public manifest's bytes for the complete {@code manifest}, indented, ending in newline. */
  public byte[] toBytes(Manifest manifest, ManifestEncryption encryption) {
    try {
      byte[] json =
          mapper
              .writerWithDefaultPrettyPrinter()
              .writeValueAsBytes(publicTree(manifest, encryption));
      byte[] withNewline = Arrays.copyOf(json, json.length + 1);
      withNewline[json.length] = '\n';
      return withNewline;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not serialise the manifest", e);
    }
  }

  /**
   * Where the public manifest {@code published} and the complete manifest {@code complete} differ
   * in what the public one records, as a JSON pointer such as {@code /tables/0/rows}.
   *
   * @return empty when they agree
   */
  public Optional<String> disagreement(Manifest published, Manifest complete) {
    if (!published.isEncrypted()) {
      throw new IllegalArgumentException("not the public manifest of an encrypted snapshot");
    }
    if (complete.isEncrypted()) {
      return Optional.of("/encryption");
    }
    ObjectNode expected = publicTree(complete, published.encryption());
    return firstDifference("", publicTree(published, published.encryption()), expected);
  }

  private ObjectNode publicTree(Manifest manifest, ManifestEncryption encryption) {
    ObjectNode tree = tree(manifest);
    tree.set("encryption", mapper.valueToTree(encryption));
    return tree;
  }

  private ObjectNode tree(Manifest manifest) {
    ObjectNode full = mapper.valueToTree(manifest);
    ObjectNode kept = mapper.createObjectNode();
    for (String field : TOP) {
      if (full.has(field)) {
        kept.set(field, full.get(field));
      }
    }
    for (JsonNode table : kept.withArray("tables")) {
      ((ObjectNode) table).retain(TABLE);
      for (JsonNode part : table.path("parts")) {
        ((ObjectNode) part).retain(PART);
      }
    }
    if (manifest.isEncrypted()) {
      kept.set("encryption", mapper.valueToTree(manifest.encryption()));
    }
    return kept;
  }

  private static Optional<String> firstDifference(String at, JsonNode a, JsonNode b) {
    if (a.equals(b)) {
      return Optional.empty();
    }
    if (a instanceof ObjectNode oa && b instanceof ObjectNode ob) {
      for (Iterator<Map.Entry<String, JsonNode>> it = ob.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode other = oa.get(field.getKey());
        if (other == null) {
          return Optional.of(at + "/" + field.getKey());
        }
        Optional<String> inner =
            firstDifference(at + "/" + field.getKey(), other, field.getValue());
        if (inner.isPresent()) {
          return inner;
        }
      }
      return Optional.of(at.isEmpty() ? "/" : at);
    }
    if (a instanceof ArrayNode aa && b instanceof ArrayNode ab && aa.size() == ab.size()) {
      for (int i = 0; i < aa.size(); i++) {
        Optional<String> inner = firstDifference(at + "/" + i, aa.get(i), ab.get(i));
        if (inner.isPresent()) {
          return inner;
        }
      }
    }
    return Optional.of(at.isEmpty() ? "/" : at);
  }
}
