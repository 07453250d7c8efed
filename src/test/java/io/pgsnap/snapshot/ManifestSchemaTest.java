package io.pgsnap.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.Attached;
import io.pgsnap.catalog.Column;
import io.pgsnap.catalog.Constraint;
import io.pgsnap.catalog.Ddl;
import io.pgsnap.catalog.ForeignKey;
import io.pgsnap.catalog.Index;
import io.pgsnap.catalog.Partition;
import io.pgsnap.catalog.Sequence;
import io.pgsnap.catalog.Table;
import io.pgsnap.catalog.TableId;
import io.pgsnap.catalog.TableSelection;
import io.pgsnap.catalog.UsedObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestSchemaTest {
  private static final String CSV_SAMPLE = "/snapshot/manifest-csv-zstd.json";
  private static final String JSONL_SAMPLE = "/snapshot/manifest-jsonl-gzip.json";
  private static final String SHA256_PROBLEM = ": does not match the regex pattern ^[0-9a-f]{64}$";

  private final ObjectMapper mapper = new ObjectMapper();
  private final ManifestSchema schema = ManifestSchema.load();

  @Test
  void csvZstdManifestWrittenByExportIsValid() {
    assertEquals(List.of(), schema.problems(resource(CSV_SAMPLE)));
  }

  @Test
  void jsonlGzipManifestWrittenByExportIsValid() {
    assertEquals(List.of(), schema.problems(resource(JSONL_SAMPLE)));
  }

  @Test
  void manifestWithEveryCatalogFactFilledInIsValid() {
    byte[] json = new ManifestJson().toBytes(fullManifest());

    assertEquals(List.of(), schema.problems(json));
  }

  @Test
  void manifestFileOnDiskIsValidated(@TempDir Path dir) throws IOException {
    Path file = Files.write(dir.resolve("manifest.json"), resource(CSV_SAMPLE));

    assertEquals(List.of(), schema.problems(file));
  }

  @Test
  void missingManifestFileIsAnIntegrityFailure(@TempDir Path dir) {
    PgsnapException e =
        assertThrows(PgsnapException.class, () -> schema.problems(dir.resolve("manifest.json")));

    assertEquals(ErrorCode.INTEGRITY, e.code());
  }

  @Test
  void missingOverallChecksumIsReported() {
    ObjectNode manifest = sample();
    manifest.remove("overallChecksum");

    assertEquals(
        List.of("(root): required property 'overallChecksum' not found"), problems(manifest));
  }

  @Test
  void uppercaseTableSha256IsReported() {
    ObjectNode manifest = sample();
    ObjectNode table = table(manifest, 0);
    table.put("sha256", table.get("sha256").asText().toUpperCase(java.util.Locale.ROOT));

    assertEquals(List.of("/tables/0/sha256" + SHA256_PROBLEM), problems(manifest));
  }

  @Test
  void tableSha256OfWrongLengthIsReported() {
    ObjectNode manifest = sample();
    table(manifest, 1)
        .put("sha256", "c174f4215c1c0e39f169ce01c975779affd92e721e662ba5782b62c93eb3637");

    assertEquals(List.of("/tables/1/sha256" + SHA256_PROBLEM), problems(manifest));
  }

  @Test
  void overallChecksumOfWrongLengthIsReported() {
    ObjectNode manifest = sample();
    manifest.put("overallChecksum", manifest.get("overallChecksum").asText() + "0");

    assertEquals(List.of("/overallChecksum" + SHA256_PROBLEM), problems(manifest));
  }

  @Test
  void fileOutsideTheTablesFolderIsReported() {
    ObjectNode manifest = sample();
    table(manifest, 0).put("file", "tables/../../etc/passwd.csv.zst");

    assertEquals(
        List.of(
            "/tables/0/file: does not match the regex pattern ^tables/[A-Za-z0-9_%~-][A-Za-z0-9_%.~-]*$"),
        problems(manifest));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"tables/..", "tables/.", "tables/", "public.t1.csv.zst", "/tmp/x.csv.zst"})
  void fileThatIsNotAFileInTheTablesFolderIsReported(String file) {
    ObjectNode manifest = sample();
    table(manifest, 0).put("file", file);

    List<String> problems = problems(manifest);

    assertTrue(
        problems.contains(
            "/tables/0/file: does not match the regex pattern ^tables/[A-Za-z0-9_%~-][A-Za-z0-9_%.~-]*$"),
        problems::toString);
  }

  @Test
  void fileWhoseExtensionContradictsTheCompressionIsReported() {
    ObjectNode manifest = sample();
    table(manifest, 1).put("file", "tables/public.empty_t.csv.gz");

    assertEquals(
        List.of("/tables/1/file: does not match the regex pattern \\.zst(\\.gpg)?$"),
        problems(manifest));
  }

  @Test
  void unknownCompressionIsReported() {
    ObjectNode manifest = sample();
    table(manifest, 0).put("compression", "lz4");

    assertEquals(
        List.of(
            "/tables/0/compression: does not have a value in the enumeration [\"zstd\", \"gzip\", \"none\"]"),
        problems(manifest));
  }

  @Test
  void upperCaseCompressionIsReported() {
    ObjectNode manifest = sample();
    ((ObjectNode) manifest.get("options")).put("compression", "ZSTD");

    assertEquals(
        List.of(
            "/options/compression: does not have a value in the enumeration [\"zstd\", \"gzip\", \"none\"]"),
        problems(manifest));
  }

  @Test
  void negativeRowCountIsReported() {
    ObjectNode manifest = sample();
    table(manifest, 2).put("rows", -1);

    assertEquals(List.of("/tables/2/rows: must have a minimum value of 0"), problems(manifest));
  }

  @Test
  void rowCountBeyondSigned64BitsIsReported() {
    ObjectNode manifest = sample();
    ((ObjectNode) manifest.get("totals"))
        .put("rows", new java.math.BigInteger("9223372036854775808"));

    assertEquals(
        List.of("/totals/rows: must have a maximum value of 9223372036854775807"),
        problems(manifest));
  }

  @Test
  void fractionalByteCountIsReported() {
    ObjectNode manifest = sample();
    table(manifest, 0).put("storedBytes", 22.5);

    assertEquals(
        List.of("/tables/0/storedBytes: number found, integer expected"), problems(manifest));
  }

  @Test
  void formatVersion8IsReported() {
    ObjectNode manifest = sample();
    manifest.put("formatVersion", 8);

    assertEquals(
        List.of("/formatVersion: does not have a value in the enumeration [1, 2, 3, 4, 5, 6, 7]"),
        problems(manifest));
  }

  @Test
  void unknownTopLevelPropertyIsReported() {
    ObjectNode manifest = sample();
    manifest.put("comment", "added by hand");

    assertEquals(
        List.of(
            "(root): property 'comment' is not defined in the schema and the schema does not allow additional properties"),
        problems(manifest));
  }

  @Test
  void unknownPropertyInANestedColumnIsReported() {
    ObjectNode manifest = sample();
    ((ObjectNode) table(manifest, 0).get("columns").get(1)).put("hidden", true);

    assertEquals(
        List.of(
            "/tables/0/columns/1: property 'hidden' is not defined in the schema and the schema does not allow additional properties"),
        problems(manifest));
  }

  @Test
  void unknownGeneratedKindIsReported() {
    ObjectNode manifest = sample();
    ((ObjectNode) table(manifest, 4).get("columns").get(4)).put("generated", "computed");

    assertEquals(
        List.of(
            "/tables/4/columns/4/generated: does not have a value in the enumeration [\"none\", \"stored\", \"virtual\"]"),
        problems(manifest));
  }

  @Test
  void startTimeThatIsNotADateIsReported() {
    ObjectNode manifest = sample();
    manifest.put("startedAt", "2026-13-23T09:15:45Z");

    assertEquals(
        List.of(
            "/startedAt: does not match the date-time pattern must be a valid RFC 3339 date-time"),
        problems(manifest));
  }

  @Test
  void finishTimeWithAnOffsetInsteadOfUtcIsReported() {
    ObjectNode manifest = sample();
    manifest.put("finishedAt", "2026-11-23T10:15:45+01:00");

    assertEquals(
        List.of(
            "/finishedAt: does not match the regex pattern ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$"),
        problems(manifest));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "leaddev-20261123T091545Z",
        "leaddev-20261123T091545Z-2",
        "my%20db%2E%C3%BC-20261123T091545Z-12",
        "app-prod-20261123T091545Z"
      })
  void snapshotIdOfDatabaseAndUtcSecondIsValid(String id) {
    ObjectNode manifest = sample();
    manifest.put("id", id);

    assertEquals(List.of(), problems(manifest));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "leaddev",
        "leaddev-2026-11-23T09:15:45Z",
        "leaddev-20261123T091545Z-1",
        "lead.dev-20261123T091545Z",
        "lead%2-20261123T091545Z",
        "../x-20261123T091545Z",
        "-20261123T091545Z"
      })
  void malformedSnapshotIdIsReported(String id) {
    ObjectNode manifest = sample();
    manifest.put("id", id);

    assertEquals(
        List.of(
            "/id: does not match the regex pattern ^([A-Za-z0-9_-]|%[0-9A-F]{2})+-[0-9]{8}T[0-9]{6}Z(-([2-9]|[1-9][0-9]+))?$"),
        problems(manifest));
  }

  @Test
  void idsMadeBySnapshotIdsAreValid() {
    ObjectNode manifest = sample();
    manifest.put("id", SnapshotIds.of("Ünïcode db.\"x\"", Instant.parse("2026-01-02T03:04:05Z")));

    assertEquals(List.of(), problems(manifest));
  }

  @Test
  void propertyGivenTwiceIsReported() {
    byte[] json =
        new String(resource(CSV_SAMPLE), StandardCharsets.UTF_8)
            .replaceFirst("\"rows\" : 1,", "\"rows\" : 1, \"rows\" : 2,")
            .getBytes(StandardCharsets.UTF_8);

    assertEquals(
        List.of("/tables/0/rows: not valid JSON: Duplicate field 'rows' (line 53, column 23)"),
        schema.problems(json));
  }

  @Test
  void textAfterTheManifestIsReported() {
    byte[] json = "{}\n{}\n".getBytes(StandardCharsets.UTF_8);

    assertEquals(
        List.of(
            "(root): not valid JSON: unexpected content after the top-level value (line 2, column 1)"),
        schema.problems(json));
  }

  @Test
  void truncatedManifestIsReportedWhereParsingStopped() {
    byte[] json = "{\"tables\": [{\"name\": \"t\"".getBytes(StandardCharsets.UTF_8);

    assertEquals(
        List.of(
            "/tables/0/name: not valid JSON: Unexpected end-of-input: expected close marker for"
                + " Object (line 1, column 25)"),
        schema.problems(json));
  }

  @Test
  void emptyDocumentIsReported() {
    assertEquals(
        List.of("(root): the document is empty; expected a JSON object"),
        schema.problems(new byte[0]));
  }

  @Test
  void documentThatIsNotAnObjectIsReported() {
    assertEquals(
        List.of("(root): array found, object expected"),
        schema.problems("[]".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void problemsAreSortedByLocation() {
    ObjectNode manifest = sample();
    manifest.put("formatVersion", 8);
    table(manifest, 3).put("rows", -5);
    table(manifest, 0).put("rows", -1);

    assertEquals(
        List.of(
            "/formatVersion: does not have a value in the enumeration [1, 2, 3, 4, 5, 6, 7]",
            "/tables/0/rows: must have a minimum value of 0",
            "/tables/3/rows: must have a minimum value of 0"),
        problems(manifest));
  }

  @Test
  void version2ManifestWithoutAttachedObjectsIsValid() {
    ObjectNode manifest = sample();
    manifest.put("formatVersion", 2);

    assertEquals(List.of(), problems(manifest));
  }

  @Test
  void version3ManifestWithoutAttachedObjectsIsReported() {
    ObjectNode manifest = sample();
    manifest.put("formatVersion", 3);

    assertEquals(
        List.of(
            "/tables/0: required property 'attached' not found",
            "/tables/1: required property 'attached' not found",
            "/tables/2: required property 'attached' not found",
            "/tables/3: required property 'attached' not found",
            "/tables/4: required property 'attached' not found"),
        problems(manifest));
  }

  @Test
  void version4ManifestWithoutObjectsIsReported() {
    ObjectNode manifest = fullManifestJson();
    manifest.put("formatVersion", 4);
    manifest.remove("objects");

    assertEquals(List.of("(root): required property 'objects' not found"), problems(manifest));
  }

  @Test
  void usedObjectOfUnknownKindIsReported() {
    ObjectNode manifest = fullManifestJson();
    ObjectNode object = manifest.putArray("objects").addObject();
    object.put("kind", "operator");
    object.put("name", "x");

    assertEquals(
        true,
        problems(manifest).stream().anyMatch(p -> p.startsWith("/objects/0")),
        "an object of no known kind is refused");
  }

  @Test
  void unknownTriggerStateIsReported() {
    ObjectNode manifest = fullManifestJson();
    trigger(manifest).put("enabled", "o");

    assertEquals(
        List.of(
            "/tables/0/attached/triggers/0/enabled: does not have a value in the enumeration"
                + " [\"O\", \"D\", \"R\", \"A\"]"),
        problems(manifest));
  }

  @Test
  void replicaIdentityUsingIndexWithoutTheIndexIsReported() {
    ObjectNode manifest = fullManifestJson();
    replicaIdentity(manifest).putNull("index");

    assertEquals(
        List.of("/tables/0/attached/replicaIdentity/index: null found, string expected"),
        problems(manifest));
  }

  @Test
  void indexNamedForAReplicaIdentityOtherThanUsingIndexIsReported() {
    ObjectNode manifest = fullManifestJson();
    replicaIdentity(manifest).put("identity", "f");

    assertEquals(
        List.of("/tables/0/attached/replicaIdentity/index: string found, null expected"),
        problems(manifest));
  }

  @Test
  void unknownColumnStorageIsReported() {
    ObjectNode manifest = fullManifestJson();
    ((ObjectNode) attached(manifest).get("columns").get(1)).put("storage", "x");

    assertEquals(
        List.of(
            "/tables/0/attached/columns/1/storage: does not have a value in the enumeration"
                + " [\"plain\", \"external\", \"extended\", \"main\", null]"),
        problems(manifest));
  }

  @Test
  void policyForNoRoleIsReported() {
    ObjectNode manifest = fullManifestJson();
    ((ObjectNode) attached(manifest).get("rowSecurity").get("policies").get(0)).putArray("roles");

    assertEquals(
        List.of(
            "/tables/0/attached/rowSecurity/policies/0/roles: must have at least 1 items but"
                + " found 0"),
        problems(manifest));
  }

  @Test
  void unknownPropertyInAttachedObjectsIsReported() {
    ObjectNode manifest = fullManifestJson();
    attached(manifest).put("tablespace", "fast");

    assertEquals(
        List.of(
            "/tables/0/attached: property 'tablespace' is not defined in the schema and the"
                + " schema does not allow additional properties"),
        problems(manifest));
  }

  private ObjectNode fullManifestJson() {
    try {
      return (ObjectNode) mapper.readTree(new ManifestJson().toBytes(fullManifest()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode attached(ObjectNode manifest) {
    return (ObjectNode) table(manifest, 0).get("attached");
  }

  private static ObjectNode trigger(ObjectNode manifest) {
    return (ObjectNode) attached(manifest).get("triggers").get(0);
  }

  private static ObjectNode replicaIdentity(ObjectNode manifest) {
    return (ObjectNode) attached(manifest).get("replicaIdentity");
  }

  @Test
  void loadReturnsOneSharedInstance() {
    assertSame(ManifestSchema.load(), ManifestSchema.load());
  }

  @Test
  void bundledSchemaIsTheOneInTheSourceTree() throws IOException {
    Path source = Path.of("schema", "manifest.schema.json");

    assertEquals(
        mapper.readTree(Files.readAllBytes(source)),
        mapper.readTree(resource(ManifestSchema.RESOURCE)));
  }

  @Test
  void schemaDeclaresDraft202012AndItsId() {
    JsonNode root = schemaDocument();

    assertEquals("https://json-schema.org/draft/2020-12/schema", root.get("$schema").asText());
    assertEquals(ManifestSchema.ID, root.get("$id").asText());
  }

  /**
   * The schema is closed, so it must list every property Jackson writes for each record, and
   * require all of them (the manifest writes nulls rather than leaving properties out). A record
   * that gains a component without the schema following fails here.
   */
  @Test
  void everyObjectListsAndRequiresExactlyThePropertiesItsRecordWrites() {
    JsonNode root = schemaDocument();
    JsonNode defs = root.get("$defs");
    Map<String, JsonNode> objects = new LinkedHashMap<>();
    objects.put("Manifest", root);
    objects.put("Manifest.Tool", defs.get("tool"));
    objects.put("Manifest.Totals", defs.get("totals"));
    objects.put("Source", defs.get("source"));
    objects.put("ExportSettings", defs.get("exportSettings"));
    objects.put("TableSelection", defs.get("tableSelection"));
    objects.put("ManifestTable", defs.get("table"));
    objects.put("Column", defs.get("column"));
    objects.put("Constraint", defs.get("constraint"));
    objects.put("ForeignKey", defs.get("foreignKey"));
    objects.put("Index", defs.get("index"));
    objects.put("Partition", defs.get("partition"));
    objects.put("Ddl", defs.get("ddl"));
    objects.put("Sequence", defs.get("sequence"));
    objects.put("Sequence.OwnedBy", defs.get("sequence").get("properties").get("ownedBy"));
    objects.put("TableId", defs.get("tableId"));
    objects.put("Attached", defs.get("attached"));
    objects.put("Attached.ReplicaIdentity", defs.get("replicaIdentity"));
    objects.put("Attached.RowSecurity", defs.get("rowSecurity"));
    objects.put("Attached.Policy", defs.get("policy"));
    objects.put("Attached.Trigger", defs.get("trigger"));
    objects.put("Attached.Rule", defs.get("rule"));
    objects.put("Attached.ColumnSettings", defs.get("columnSettings"));
    objects.put("Attached.NamedComment", defs.get("namedComment"));
    objects.put("TablePart", defs.get("tablePart"));
    objects.put("ManifestEncryption", defs.get("encryption"));
    objects.put("UsedObject.Extension", defs.get("extensionObject"));
    objects.put("UsedObject.Schema", defs.get("schemaObject"));
    objects.put("UsedObject.Collation", defs.get("collationObject"));
    objects.put("UsedObject.EnumType", defs.get("enumObject"));
    objects.put("UsedObject.Domain", defs.get("domainObject"));
    objects.put("UsedObject.DomainConstraint", defs.get("domainConstraint"));
    objects.put("UsedObject.CompositeType", defs.get("compositeObject"));
    objects.put("UsedObject.Attribute", defs.get("compositeAttribute"));
    objects.put("UsedObject.RangeType", defs.get("rangeObject"));
    objects.put("UsedObject.Function", defs.get("functionObject"));
    Map<String, Class<?>> records =
        Map.ofEntries(
            Map.entry("Manifest", Manifest.class),
            Map.entry("Manifest.Tool", Manifest.Tool.class),
            Map.entry("Manifest.Totals", Manifest.Totals.class),
            Map.entry("Source", Source.class),
            Map.entry("ExportSettings", ExportSettings.class),
            Map.entry("TableSelection", TableSelection.class),
            Map.entry("ManifestTable", ManifestTable.class),
            Map.entry("TablePart", TablePart.class),
            Map.entry("ManifestEncryption", ManifestEncryption.class),
            Map.entry("Column", Column.class),
            Map.entry("Constraint", Constraint.class),
            Map.entry("ForeignKey", ForeignKey.class),
            Map.entry("Index", Index.class),
            Map.entry("Partition", Partition.class),
            Map.entry("Ddl", Ddl.class),
            Map.entry("Sequence", Sequence.class),
            Map.entry("Sequence.OwnedBy", Sequence.OwnedBy.class),
            Map.entry("TableId", TableId.class),
            Map.entry("Attached", Attached.class),
            Map.entry("Attached.ReplicaIdentity", Attached.ReplicaIdentity.class),
            Map.entry("Attached.RowSecurity", Attached.RowSecurity.class),
            Map.entry("Attached.Policy", Attached.Policy.class),
            Map.entry("Attached.Trigger", Attached.Trigger.class),
            Map.entry("Attached.Rule", Attached.Rule.class),
            Map.entry("Attached.ColumnSettings", Attached.ColumnSettings.class),
            Map.entry("Attached.NamedComment", Attached.NamedComment.class),
            Map.entry("UsedObject.Extension", UsedObject.Extension.class),
            Map.entry("UsedObject.Schema", UsedObject.Schema.class),
            Map.entry("UsedObject.Collation", UsedObject.Collation.class),
            Map.entry("UsedObject.EnumType", UsedObject.EnumType.class),
            Map.entry("UsedObject.Domain", UsedObject.Domain.class),
            Map.entry("UsedObject.DomainConstraint", UsedObject.DomainConstraint.class),
            Map.entry("UsedObject.CompositeType", UsedObject.CompositeType.class),
            Map.entry("UsedObject.Attribute", UsedObject.Attribute.class),
            Map.entry("UsedObject.RangeType", UsedObject.RangeType.class),
            Map.entry("UsedObject.Function", UsedObject.Function.class));
    ObjectMapper writer = ManifestJson.newMapper();

    for (Map.Entry<String, JsonNode> e : objects.entrySet()) {
      Set<String> written = new TreeSet<>();
      writer
          .getSerializationConfig()
          .introspect(writer.constructType(records.get(e.getKey())))
          .findProperties()
          .stream()
          .filter(p -> p.couldSerialize())
          .forEach(p -> written.add(p.getName()));
      JsonNode object = e.getValue();
      if (e.getKey().startsWith("UsedObject.") && object.get("properties").has("kind")) {
        written.add("kind"); // the type id Jackson writes for the sealed interface
      }
      assertEquals(
          written, names(object.get("properties").fieldNames()), e.getKey() + " properties");
      Set<String> required = new TreeSet<>(written);
      if (e.getKey().equals("Manifest")) {
        // Absent before format version 4; the top-level allOf requires it from 4 on.
        required.remove("objects");
        // Only in an encrypted snapshot's public manifest, which records no sequences (allOf).
        required.removeAll(Set.of("encryption", "sequences"));
      }
      if (e.getKey().equals("ManifestTable") || e.getKey().equals("Partition")) {
        // A table's is absent before format version 3 (the top-level allOf requires it from 3
        // on), a partition's before 4.
        required.remove("attached");
      }
      if (e.getKey().equals("ManifestTable")) {
        // Absent before format version 5; the top-level allOf requires it from 5 on.
        required.remove("fingerprint");
        // A table has either a file and its sha256 or, from format version 6 on, parts (oneOf).
        required.removeAll(Set.of("file", "sha256", "parts"));
        // An encrypted snapshot's public manifest records none of these (the top-level allOf
        // requires them otherwise).
        required.removeAll(
            Set.of(
                "fileColumns",
                "columns",
                "primaryKey",
                "constraints",
                "foreignKeys",
                "indexes",
                "dependsOn",
                "inheritsFrom",
                "partitions",
                "ddl"));
      }
      if (e.getKey().equals("TablePart")) {
        // The last part's range is open-ended; the public manifest records no fingerprint.
        required.removeAll(Set.of("toBlock", "fingerprint"));
      }
      assertEquals(required, names(object.get("required").elements()), e.getKey() + " required");
      assertEquals(
          false, object.get("additionalProperties").asBoolean(true), e.getKey() + " closed");
    }
  }

  @Test
  void everyPropertyIsDescribed() {
    List<String> undocumented = new ArrayList<>();
    collectUndocumented(schemaDocument(), "", undocumented);

    assertEquals(List.of(), undocumented);
  }

  private static void collectUndocumented(JsonNode node, String path, List<String> out) {
    if (node.isObject()) {
      JsonNode properties = node.get("properties");
      if (properties != null && properties.isObject() && !path.contains("/allOf")) {
        properties
            .fields()
            .forEachRemaining(
                p -> {
                  if (!p.getValue().hasNonNull("description")) {
                    out.add(path + "/properties/" + p.getKey());
                  }
                });
      }
      node.fields()
          .forEachRemaining(f -> collectUndocumented(f.getValue(), path + "/" + f.getKey(), out));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectUndocumented(node.get(i), path + "/" + i, out);
      }
    }
  }

  private static Set<String> names(Iterator<?> items) {
    Set<String> names = new TreeSet<>();
    items.forEachRemaining(
        item -> names.add(item instanceof JsonNode n ? n.asText() : String.valueOf(item)));
    return names;
  }

  private JsonNode schemaDocument() {
    try {
      return mapper.readTree(resource(ManifestSchema.RESOURCE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> problems(JsonNode manifest) {
    try {
      return schema.problems(mapper.writeValueAsBytes(manifest));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ObjectNode sample() {
    try {
      return (ObjectNode) mapper.readTree(resource(CSV_SAMPLE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode table(ObjectNode manifest, int index) {
    return (ObjectNode) ((ArrayNode) manifest.get("tables")).get(index);
  }

  private static byte[] resource(String name) {
    try (InputStream in = ManifestSchemaTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the test class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A manifest in which every list holds something and every nullable value is set. */
  private static Manifest fullManifest() {
    TableId customers = new TableId("shop", "customers");
    TableId orders = new TableId("shop", "Orders 2026");
    TableId ordersQ1 = new TableId("shop", "orders_q1");
    TableId ordersDefault = new TableId("shop", "orders_default");
    List<Column> columns =
        List.of(
            new Column(
                "id",
                "bigint",
                true,
                null,
                Column.Generated.NONE,
                null,
                Column.Identity.ALWAYS,
                null),
            new Column(
                "customer_id",
                "integer",
                true,
                null,
                Column.Generated.NONE,
                null,
                Column.Identity.NONE,
                null),
            new Column(
                "note",
                "text",
                false,
                "''::text",
                Column.Generated.NONE,
                null,
                Column.Identity.NONE,
                "\"pg_catalog\".\"C\""),
            new Column(
                "total",
                "numeric(10,2)",
                false,
                null,
                Column.Generated.STORED,
                "(price * qty)",
                Column.Identity.NONE,
                null),
            new Column(
                "label",
                "text",
                false,
                null,
                Column.Generated.VIRTUAL,
                "upper(note)",
                Column.Identity.NONE,
                null),
            new Column(
                "placed",
                "date",
                true,
                "CURRENT_DATE",
                Column.Generated.NONE,
                null,
                Column.Identity.BY_DEFAULT,
                null));
    ManifestTable table =
        new ManifestTable(
            orders.schema(),
            orders.name(),
            Table.Kind.PARTITIONED,
            "tables/shop.Orders%202026.jsonl",
            DataFormat.JSONL,
            Compression.NONE,
            42,
            4096,
            4096,
            "0".repeat(64),
            List.of("id", "customer_id", "note", "placed"),
            columns,
            List.of("id", "placed"),
            List.of(
                new Constraint(
                    "orders_pkey", Constraint.Kind.PRIMARY_KEY, "PRIMARY KEY (id, placed)"),
                new Constraint("orders_note_key", Constraint.Kind.UNIQUE, "UNIQUE (note, placed)"),
                new Constraint("orders_id_check", Constraint.Kind.CHECK, "CHECK ((id > 0))"),
                new Constraint(
                    "orders_excl",
                    Constraint.Kind.EXCLUSION,
                    "EXCLUDE USING gist (customer_id WITH =)")),
            List.of(
                new ForeignKey(
                    "orders_customer_fkey",
                    List.of("customer_id"),
                    customers,
                    List.of("id"),
                    true,
                    "FOREIGN KEY (customer_id) REFERENCES shop.customers(id) DEFERRABLE")),
            List.of(
                new Index(
                    "orders_note_idx",
                    "CREATE INDEX orders_note_idx ON ONLY shop.\"Orders 2026\" USING btree (note)")),
            List.of(customers),
            List.of(new TableId("shop", "base")),
            List.of(
                new Partition(
                    ordersQ1, orders, "FOR VALUES FROM ('2026-01-01') TO ('2026-04-01')", null),
                new Partition(ordersDefault, orders, "DEFAULT", "RANGE (customer_id)")),
            new Ddl(
                "CREATE TABLE shop.\"Orders 2026\" (id bigint NOT NULL) PARTITION BY RANGE (placed)",
                List.of("CREATE TABLE shop.orders_q1 PARTITION OF shop.\"Orders 2026\" DEFAULT"),
                List.of(
                    "ALTER TABLE ONLY shop.\"Orders 2026\" ADD CONSTRAINT orders_pkey PRIMARY KEY (id, placed)"),
                List.of(
                    "CREATE INDEX orders_note_idx ON ONLY shop.\"Orders 2026\" USING btree (note)"),
                List.of(
                    "ALTER TABLE ONLY shop.\"Orders 2026\" ADD CONSTRAINT orders_customer_fkey FOREIGN KEY (customer_id) REFERENCES shop.customers(id)")),
            ManifestAttachedTest.FULL,
            new io.pgsnap.fingerprint.Fingerprint(42, "0123456789abcdef".repeat(4)),
            List.of());
    List<Sequence> sequences =
        List.of(
            new Sequence(
                new TableId("shop", "Orders 2026_id_seq"),
                "bigint",
                1,
                1,
                1,
                Long.MAX_VALUE,
                1,
                false,
                41,
                true,
                new Sequence.OwnedBy(orders, "id"),
                true),
            new Sequence(
                new TableId("shop", "countdown"),
                "smallint",
                -1,
                -1,
                Short.MIN_VALUE,
                -1,
                20,
                true,
                -1,
                false,
                null,
                false));
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("DateStyle", "ISO, YMD");
    settings.put("lc_monetary", "en_US.UTF-8");
    return new Manifest(
        Manifest.FORMAT_VERSION,
        new Manifest.Tool("pgsnap", "1.2.3"),
        "shop-20260102T030405Z-2",
        "before migration V42",
        Instant.parse("2026-01-02T03:04:05Z"),
        Instant.parse("2026-01-02T03:04:06.123456789Z"),
        new Source("18.1", 180001, "shop", "db.example.com", 6543, "app", "UTF8", settings),
        new ExportSettings(
            DataFormat.JSONL,
            Compression.NONE,
            4,
            new TableSelection(
                List.of("shop"), List.of("public.\"Orders*\""), List.of("tmp*"), List.of("*_old"))),
        List.of(table),
        sequences,
        io.pgsnap.testsupport.SampleObjects.everyKind(),
        new Manifest.Totals(1, 42, 4096, 4096),
        "f".repeat(64));
  }
}
