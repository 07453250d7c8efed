package io.pgsnap.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgsnap.catalog.Column;
import io.pgsnap.catalog.Sequence;
import io.pgsnap.catalog.TableId;
import io.pgsnap.catalog.TableSelection;
import io.pgsnap.testsupport.SampleManifests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The public manifest of an encrypted snapshot: what it keeps, and how it is matched. */
class PublicManifestTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ManifestEncryption ENCRYPTION =
      new ManifestEncryption(
          PublicManifest.PRIVATE_FILE, "a".repeat(64), 1234, true, List.of("0123456789ABCDEF"));

  private final PublicManifest publicManifest = new PublicManifest();

  @Test
  void dropsSequencesObjectsAndEachTablesCatalogFactsAndNamesTheEncryptedManifest()
      throws IOException {
    JsonNode full = JSON.readTree(new ManifestJson().toBytes(complete()));
    JsonNode json = JSON.readTree(publicManifest.toBytes(complete(), ENCRYPTION));

    List<String> kept = names(full);
    kept.removeAll(List.of("sequences", "objects"));
    kept.add("encryption");
    assertEquals(kept, names(json));
    List<String> keptOfTable = names(full.get("tables").get(0));
    keptOfTable.removeAll(
        List.of(
            "fileColumns",
            "columns",
            "primaryKey",
            "constraints",
            "foreignKeys",
            "indexes",
            "dependsOn",
            "inheritsFrom",
            "partitions",
            "ddl",
            "attached",
            "fingerprint"));
    assertEquals(keptOfTable, names(json.get("tables").get(0)));
    assertEquals(
        JSON.readTree(JSON.writeValueAsString(ENCRYPTION)).toString(),
        json.get("encryption").toString());
  }

  @Test
  void revealsNoDefaultExpressionSequenceValueOrFingerprint() {
    String text =
        new String(publicManifest.toBytes(complete(), ENCRYPTION), StandardCharsets.UTF_8);

    assertTrue(!text.contains("secret_default()"), text);
    assertTrue(!text.contains("987654321"), text);
    assertTrue(!text.contains("fingerprint"), text);
    assertTrue(!text.contains("CREATE TABLE"), text);
  }

  @Test
  void passesTheManifestSchema() {
    assertEquals(
        List.of(), ManifestSchema.load().problems(publicManifest.toBytes(complete(), ENCRYPTION)));
  }

  @Test
  void theSchemaRefusesAPublicManifestThatRecordsColumns() throws IOException {
    ObjectNode json = (ObjectNode) JSON.readTree(publicManifest.toBytes(complete(), ENCRYPTION));
    ((ObjectNode) json.get("tables").get(0)).set("columns", JSON.createArrayNode());

    List<String> problems = ManifestSchema.load().problems(JSON.writeValueAsBytes(json));

    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("columns"), problems.toString());
  }

  @Test
  void parsesAsAnEncryptedManifestThatAgreesWithTheCompleteOne() {
    Manifest published = parsed(complete());

    assertTrue(published.isEncrypted());
    assertEquals(Optional.empty(), publicManifest.disagreement(published, complete()));
  }

  @Test
  void aCompleteManifestWithOtherRowCountsDisagreesAtThatTablesRows() {
    Manifest published = parsed(complete());
    Manifest other = complete(SampleManifests.table("public", "t", 4, "b".repeat(64)));

    assertEquals(Optional.of("/tables/0/rows"), publicManifest.disagreement(published, other));
  }

  private Manifest parsed(Manifest complete) {
    return new ManifestJson()
        .parse(publicManifest.toBytes(complete, ENCRYPTION), Path.of("manifest.json"));
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static Manifest complete() {
    return complete(
        SampleManifests.table(
            "public",
            "t",
            3,
            "b".repeat(64),
            new Column(
                "id",
                "integer",
                true,
                "secret_default()",
                Column.Generated.NONE,
                null,
                Column.Identity.NONE,
                null)));
  }

  private static Manifest complete(ManifestTable table) {
    Sequence sequence =
        new Sequence(
            new TableId("public", "s"),
            "bigint",
            1,
            1,
            1,
            Long.MAX_VALUE,
            1,
            false,
            987654321,
            true,
            null,
            false);
    return new Manifest(
        Manifest.FORMAT_VERSION,
        new Manifest.Tool("pgsnap", "test"),
        "shop-20260102T030405Z",
        null,
        Instant.parse("2026-01-02T03:04:05.5Z"),
        Instant.parse("2026-01-02T03:04:06Z"),
        new Source(
            "16.4", 160004, "shop", "localhost", 5432, "app", "UTF8", Map.of("TimeZone", "UTC")),
        new ExportSettings(DataFormat.CSV, Compression.ZSTD, 1, TableSelection.defaults()),
        List.of(table),
        List.of(sequence),
        List.of(),
        new Manifest.Totals(1, table.rows(), table.storedBytes(), table.rawBytes()),
        "c".repeat(64));
  }
}
