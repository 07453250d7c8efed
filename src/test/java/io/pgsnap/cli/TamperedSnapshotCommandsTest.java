package io.pgsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgsnap.catalog.UsedObject;
import io.pgsnap.snapshot.ManifestJson;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.SampleObjects;
import io.pgsnap.testsupport.SyntheticSnapshots;
import io.pgsnap.testsupport.Tampering;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands that read a snapshot refuse a tampered one with exit status 3, before connecting. */
class TamperedSnapshotCommandsTest {
  private static final String ID = "shop-20260102T030405Z";

  @TempDir Path out;

  private Path snapshotWithLinkedTables() throws IOException {
    Path snapshot = SyntheticSnapshots.twoTables(out, ID);
    Path elsewhere = Files.move(snapshot.resolve("tables"), out.resolve("elsewhere"));
    Files.createSymbolicLink(snapshot.resolve("tables"), elsewhere);
    return snapshot;
  }

  @Test
  void inspectRefusesASnapshotWhoseTablesFolderIsALink() throws IOException {
    Path snapshot = snapshotWithLinkedTables();

    Cli.Result r = Cli.run("inspect", snapshot.toString());

    assertEquals(3, r.exitCode(), r.err());
    assertTrue(r.err().contains("tables is a symbolic link, not a folder"), r.err());
  }

  @Test
  void compareRefusesItBeforeConnecting() throws IOException {
    Path snapshot = snapshotWithLinkedTables();

    // No server listens on this port: a refusal with exit 3 shows nothing tried to connect.
    Cli.Result r =
        Cli.run("compare", snapshot.toString(), "--url", "postgresql://localhost:1/none");

    assertEquals(3, r.exitCode(), r.err());
    assertTrue(r.err().contains("tables is a symbolic link, not a folder"), r.err());
  }

  @Test
  void verifyReportsIt() throws IOException {
    Path snapshot = snapshotWithLinkedTables();

    Cli.Result r = Cli.run("verify", snapshot.toString());

    assertEquals(3, r.exitCode(), r.err());
    assertTrue(r.out().contains("tables: is a symbolic link"), r.out());
  }

  /**
   * A snapshot whose manifest lists a function whose definition goes on with a second statement.
   */
  private Path snapshotWithTamperedFunction() {
    Path snapshot = SyntheticSnapshots.twoTables(out, ID);
    UsedObject.Function genuine = SampleObjects.doubleIt();
    UsedObject.Function tampered =
        new UsedObject.Function(
            genuine.id(),
            genuine.arguments(),
            false,
            genuine.definition() + "; ALTER ROLE app SUPERUSER",
            genuine.owner(),
            null,
            null);
    JsonNode object = ManifestJson.newMapper().valueToTree(tampered);
    Tampering.editManifest(snapshot, m -> m.putArray("objects").add(object), true);
    return snapshot;
  }

  @Test
  void inspectRefusesAFunctionDefinitionThatHoldsASecondStatement() {
    Path snapshot = snapshotWithTamperedFunction();

    Cli.Result r = Cli.run("inspect", snapshot.toString());

    assertEquals(3, r.exitCode(), r.err());
    assertTrue(
        r.err()
            .contains(
                "the manifest's objects entry for function kinds.double_it(i integer) holds more"
                    + " than one statement"),
        r.err());
  }

  @Test
  void restoreRefusesItBeforeConnecting() {
    Path snapshot = snapshotWithTamperedFunction();

    // No server listens on this port: a refusal with exit 3 shows nothing tried to connect.
    Cli.Result r =
        Cli.run(
            "restore", snapshot.toString(), "--url", "postgresql://localhost:1/none", "--create");

    assertEquals(3, r.exitCode(), r.err());
    assertTrue(r.err().contains("holds more than one statement"), r.err());
  }
}
