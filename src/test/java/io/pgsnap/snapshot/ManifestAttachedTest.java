package io.pgsnap.snapshot;

import static io.pgsnap.testsupport.SampleManifests.column;
import static io.pgsnap.testsupport.SampleManifests.manifest;
import static io.pgsnap.testsupport.SampleManifests.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgsnap.catalog.Attached;
import io.pgsnap.catalog.Attached.ColumnSettings;
import io.pgsnap.catalog.Attached.ColumnSettings.Storage;
import io.pgsnap.catalog.Attached.NamedComment;
import io.pgsnap.catalog.Attached.Policy;
import io.pgsnap.catalog.Attached.Policy.Command;
import io.pgsnap.catalog.Attached.ReplicaIdentity;
import io.pgsnap.catalog.Attached.RowSecurity;
import io.pgsnap.catalog.Attached.Rule;
import io.pgsnap.catalog.Attached.Trigger;
import io.pgsnap.testsupport.SampleManifests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The objects attached to each table, as format version 3 of the manifest records them. */
class ManifestAttachedTest {
  /** Every attached field set, every list holding something. */
  static final Attached FULL =
      new Attached(
          "shop_owner",
          List.of("shop_owner=arwdDxt/shop_owner", "clerk=r/shop_owner"),
          "Orders, one row per order",
          List.of("fillfactor=70", "autovacuum_enabled=false"),
          new ReplicaIdentity("i", "orders_code_key"),
          new RowSecurity(
              true,
              true,
              List.of(
                  new Policy(
                      "clerks_see_own",
                      true,
                      Command.SELECT,
                      List.of("clerk"),
                      "(clerk = CURRENT_USER)",
                      null),
                  new Policy(
                      "recent_only",
                      false,
                      Command.ALL,
                      List.of("public"),
                      "(placed > '2020-01-01'::date)",
                      "(placed > '2020-01-01'::date)"))),
          List.of(
              new Trigger(
                  "audit",
                  "CREATE TRIGGER audit AFTER INSERT ON shop.orders FOR EACH ROW EXECUTE FUNCTION"
                      + " shop.audit()",
                  "D")),
          List.of(
              new Rule(
                  "no_delete",
                  "CREATE RULE no_delete AS\n    ON DELETE TO shop.orders DO INSTEAD NOTHING;")),
          List.of(
              new ColumnSettings("id", null, "Order number", 500, null),
              new ColumnSettings(
                  "note", List.of("clerk=w/shop_owner"), null, null, Storage.EXTERNAL)),
          List.of(new NamedComment("orders_pkey", "One row per order")),
          List.of(new NamedComment("orders_note_idx", "For the search page")));

  private final ManifestJson json = new ManifestJson();
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void attachedObjectsAreWrittenWithTheseNamesAndShapes() throws IOException {
    JsonNode written = mapper.readTree(json.toBytes(manifestWith(FULL)));

    assertEquals(
        mapper.readTree(
            """
            {
              "owner": "shop_owner",
              "acl": ["shop_owner=arwdDxt/shop_owner", "clerk=r/shop_owner"],
              "comment": "Orders, one row per order",
              "options": ["fillfactor=70", "autovacuum_enabled=false"],
              "replicaIdentity": {"identity": "i", "index": "orders_code_key"},
              "rowSecurity": {
                "enabled": true,
                "forced": true,
                "policies": [
                  {"name": "clerks_see_own", "permissive": true, "command": "select",
                   "roles": ["clerk"], "using": "(clerk = CURRENT_USER)", "withCheck": null},
                  {"name": "recent_only", "permissive": false, "command": "all",
                   "roles": ["public"], "using": "(placed > '2020-01-01'::date)",
                   "withCheck": "(placed > '2020-01-01'::date)"}
                ]
              },
              "triggers": [
                {"name": "audit",
                 "definition": "CREATE TRIGGER audit AFTER INSERT ON shop.orders FOR EACH ROW EXECUTE FUNCTION shop.audit()",
                 "enabled": "D"}
              ],
              "rules": [
                {"name": "no_delete",
                 "definition": "CREATE RULE no_delete AS\\n    ON DELETE TO shop.orders DO INSTEAD NOTHING;"}
              ],
              "columns": [
                {"name": "id", "acl": null, "comment": "Order number", "statisticsTarget": 500,
                 "storage": null},
                {"name": "note", "acl": ["clerk=w/shop_owner"], "comment": null,
                 "statisticsTarget": null, "storage": "external"}
              ],
              "constraintComments": [{"name": "orders_pkey", "comment": "One row per order"}],
              "indexComments": [{"name": "orders_note_idx", "comment": "For the search page"}]
            }
            """),
        written.get("tables").get(0).get("attached"));
  }

  @Test
  void attachedObjectsReadBackEqual() {
    Manifest manifest = manifestWith(FULL);

    Manifest read = json.parse(json.toBytes(manifest), Path.of("manifest.json"));

    assertEquals(manifest, read);
    assertEquals(FULL, read.tables().get(0).attached());
  }

  @Test
  void writtenManifestWithAttachedObjectsIsValid() {
    Manifest manifest = manifestWith(FULL);

    assertEquals(Manifest.FORMAT_VERSION, manifest.formatVersion());
    assertEquals(List.of(), ManifestSchema.load().problems(json.toBytes(manifest)));
  }

  @Test
  void tableWithNothingAttachedIsWrittenWithEmptyListsAndNulls() throws IOException {
    JsonNode written = mapper.readTree(json.toBytes(manifestWith(Attached.NONE)));

    assertEquals(
        mapper.readTree(
            """
            {
              "owner": null, "acl": null, "comment": null, "options": [],
              "replicaIdentity": {"identity": "d", "index": null},
              "rowSecurity": {"enabled": false, "forced": false, "policies": []},
              "triggers": [], "rules": [], "columns": [],
              "constraintComments": [], "indexComments": []
            }
            """),
        written.get("tables").get(0).get("attached"));
  }

  @Test
  void version2ManifestReadsWithNothingAttached() throws IOException {
    ObjectNode v2 = (ObjectNode) mapper.readTree(json.toBytes(manifestWith(FULL)));
    v2.put("formatVersion", 2);
    ((ObjectNode) v2.get("tables").get(0)).remove("attached");
    byte[] bytes = mapper.writeValueAsBytes(v2);

    Manifest read = json.parse(bytes, Path.of("manifest.json"));

    assertEquals(List.of(), ManifestSchema.load().problems(bytes));
    assertEquals(2, read.formatVersion());
    assertEquals(Attached.NONE, read.tables().get(0).attached());
  }

  @Test
  void version1ManifestReadsWithNothingAttached() throws IOException {
    byte[] bytes;
    try (InputStream in = getClass().getResourceAsStream("/snapshot/manifest-csv-zstd.json")) {
      bytes = in.readAllBytes();
    }

    Manifest read = json.parse(bytes, Path.of("manifest.json"));

    assertEquals(1, read.formatVersion());
    assertEquals(5, read.tables().size());
    read.tables().forEach(t -> assertEquals(Attached.NONE, t.attached(), t.name()));
  }

  @Test
  void replicaIdentityNamesAnIndexExactlyWhenItIsUsingIndex() {
    assertThrows(IllegalArgumentException.class, () -> new ReplicaIdentity("i", null));
    assertThrows(IllegalArgumentException.class, () -> new ReplicaIdentity("f", "t_key"));
    assertThrows(IllegalArgumentException.class, () -> new ReplicaIdentity("x", null));
  }

  @Test
  void triggerStateIsOneOfTheCatalogLetters() {
    assertThrows(
        IllegalArgumentException.class, () -> new Trigger("t", "CREATE TRIGGER t ...", "o"));
  }

  private static Manifest manifestWith(Attached attached) {
    ManifestTable t = table("shop", "orders", 3, "a".repeat(64), column("id", "integer"));
    ManifestTable withAttached = SampleManifests.withAttached(t, attached);
    return manifest("shop-20261123T091545Z", withAttached);
  }
}
