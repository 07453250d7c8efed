package io.pgsnap.restore;

import static io.pgsnap.testsupport.SampleManifests.column;
import static io.pgsnap.testsupport.SampleManifests.table;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgsnap.catalog.Attached;
import io.pgsnap.catalog.Attached.Policy;
import io.pgsnap.catalog.Attached.ReplicaIdentity;
import io.pgsnap.catalog.Attached.RowSecurity;
import io.pgsnap.catalog.Ddl;
import io.pgsnap.catalog.UsedObject;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.ManifestTable;
import io.pgsnap.testsupport.SampleManifests;
import io.pgsnap.testsupport.SampleObjects;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The script {@code inspect --ddl} and {@code --ddl-all} print, statement by statement. */
class CreationScriptTest {
  private static final Attached GUARDED =
      new Attached(
          "app",
          null,
          null,
          List.of(),
          ReplicaIdentity.DEFAULT,
          new RowSecurity(
              true,
              true,
              List.of(
                  new Policy(
                      "own",
                      true,
                      Policy.Command.SELECT,
                      List.of("public"),
                      "(mood = 'ok')",
                      null))),
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          List.of());

  private static ManifestTable diary(String name) {
    ManifestTable t = table("kinds", name, 1, "a".repeat(64), column("feeling", "kinds.mood"));
    return SampleManifests.withAttached(
        SampleManifests.withDdl(
            t,
            new Ddl(
                "CREATE TABLE \"kinds\".\"" + name + "\" (\n    \"feeling\" kinds.mood\n)",
                List.of(),
                List.of(),
                List.of(),
                List.of())),
        GUARDED);
  }

  private static Manifest manifest(ManifestTable... tables) {
    Manifest m = SampleManifests.manifest("appdb-20261123T091545Z", tables);
    return new Manifest(
        m.formatVersion(),
        m.tool(),
        m.id(),
        m.label(),
        m.startedAt(),
        m.finishedAt(),
        m.source(),
        m.options(),
        m.tables(),
        m.sequences(),
        List.<UsedObject>of(SampleObjects.schema("kinds"), SampleObjects.mood()),
        m.totals(),
        m.overallChecksum());
  }

  private static List<String> statements(String script) {
    return script.lines().filter(l -> !l.startsWith("--") && !l.isEmpty()).toList();
  }

  @Test
  void theTypesComeBeforeTheTableAndRowSecurityAndItsPolicyAfterIt() {
    String script = CreationScript.of(manifest(diary("diary")), List.of(diary("diary")));

    assertEquals(
        List.of(
            "BEGIN;",
            "SET LOCAL check_function_bodies = off;",
            "CREATE SCHEMA \"kinds\";",
            "CREATE TYPE \"kinds\".\"mood\" AS ENUM ('sad', 'ok', 'happy');",
            "COMMENT ON TYPE \"kinds\".\"mood\" IS 'How it went';",
            "ALTER SCHEMA \"kinds\" OWNER TO \"app\";",
            "ALTER TYPE \"kinds\".\"mood\" OWNER TO \"app\";",
            "CREATE TABLE \"kinds\".\"diary\" (",
            "    \"feeling\" kinds.mood",
            ");",
            "ALTER TABLE ONLY \"kinds\".\"diary\" ENABLE ROW LEVEL SECURITY;",
            "ALTER TABLE ONLY \"kinds\".\"diary\" FORCE ROW LEVEL SECURITY;",
            "CREATE POLICY \"own\" ON \"kinds\".\"diary\" AS PERMISSIVE FOR SELECT TO PUBLIC"
                + " USING ((mood = 'ok'));",
            "ALTER TABLE \"kinds\".\"diary\" OWNER TO \"app\";",
            "COMMIT;"),
        statements(script));
  }

  @Test
  void aLineBreakInATableNameCannotEndTheHeadingComment() {
    String name = "diary\nDROP TABLE x; --";
    ManifestTable t = diary(name);

    String heading =
        CreationScript.of(manifest(t, diary("other")), List.of(t)).lines().findFirst().get();

    assertEquals(
        "-- Table kinds.\"diary\\x0ADROP TABLE x; --\" of snapshot appdb-20261123T091545Z, as `pgsnap"
            + " restore --create` creates it in an empty database, without the rows.",
        heading);
  }
}
