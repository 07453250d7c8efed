package io.pgsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsnap.ErrorCode;
import io.pgsnap.ExportOptions;
import io.pgsnap.Pgsnap;
import io.pgsnap.storage.S3Location;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.S3Server;
import io.pgsnap.testsupport.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inspect}, {@code compare} and {@code drill} of snapshots in a bucket of a real S3 server,
 * and the {@code --s3-endpoint} option: each reads the snapshot through the same checks as a local
 * folder, so each prints what it prints for the folder the snapshot was uploaded from.
 */
class S3ReadCommandsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "read-test";
  private static final String SMALL = "/verify/small.sql";

  @RegisterExtension static final S3Server s3 = S3Server.perClass(BUCKET);

  private static Path export(TestDatabase source, Path dir) {
    return Pgsnap.using(source.dataSource()).export(ExportOptions.defaults(dir)).snapshot();
  }

  /** Uploads {@code snapshot} under {@code prod/<test>/<its id>}. */
  private S3Location upload(Path snapshot, String test) {
    S3Location location = new S3Location(BUCKET, "prod/" + test + "/" + snapshot.getFileName());
    s3.upload(snapshot, location);
    return location;
  }

  private static void assertSucceeds(Cli.Result r) {
    assertEquals(0, r.exitCode(), r::all);
  }

  @OnOneServer
  void inspectOfABucketPrintsWhatInspectOfTheFolderPrints(PgServer server, @TempDir Path dir) {
    try (TestDatabase source = server.createDatabase(SMALL)) {
      Path snapshot = export(source, dir);
      S3Location location = upload(snapshot, "inspect");

      for (List<String> options :
          List.<List<String>>of(
              List.of(), List.of("--json"), List.of("--ddl", "items"), List.of("--ddl-all"))) {
        Cli.Result local = Cli.run(args("inspect", snapshot.toString(), options));
        Cli.Result remote = s3.cli(args("inspect", location.toString(), options));

        assertSucceeds(local);
        assertSucceeds(remote);
        assertEquals(
            local.out().replace("Folder      " + snapshot, "Location    " + location),
            remote.out(),
            options::toString);
      }
    }
  }

  @OnOneServer
  void twoSnapshotsOfTheSameDataCompareEqualInABucketAndBesideAFolder(
      PgServer server, @TempDir Path dir) {
    try (TestDatabase source = server.createDatabase(SMALL)) {
      Path first = export(source, dir.resolve("a"));
      Path second = export(source, dir.resolve("b"));
      S3Location a = upload(first, "compare-a");
      S3Location b = upload(second, "compare-b");

      assertSucceeds(s3.cli("compare", a.toString(), b.toString(), "--quiet"));
      assertSucceeds(s3.cli("compare", a.toString(), second.toString(), "--quiet"));
      assertSucceeds(s3.cli("compare", first.toString(), b.toString(), "--quiet"));
    }
  }

  @OnOneServer
  void snapshotsInABucketThatDifferCompareAsDifferent(PgServer server, @TempDir Path dir)
      throws IOException {
    try (TestDatabase source = server.createDatabase(SMALL)) {
      S3Location before = upload(export(source, dir.resolve("a")), "differ-a");
      source.execute("DELETE FROM tags WHERE id = 1");
      S3Location after = upload(export(source, dir.resolve("b")), "differ-b");

      Cli.Result r = s3.cli("compare", before.toString(), after.toString(), "--json");

      assertEquals(ErrorCode.INTEGRITY.exitStatus(), r.exitCode(), r::all);
      JsonNode json = JSON.readTree(r.out());
      assertEquals(1, json.get("differing").asInt(), r.out());
      JsonNode tags = json.get("tables").get(1);
      assertEquals("tags", tags.get("name").asText(), r.out());
      assertEquals("rows differ, content differs", tags.get("status").asText(), r.out());
      assertEquals(19, tags.get("secondRows").asLong(), r.out());
    }
  }

  @OnOneServer
  void aSnapshotInABucketComparesWithTheLiveDatabaseContentIncluded(
      PgServer server, @TempDir Path dir) {
    try (TestDatabase source = server.createDatabase(SMALL)) {
      S3Location location = upload(export(source, dir), "live");

      Cli.Result same = s3.cli("compare", location.toString(), "--url", source.uri(), "--content");
      source.execute("UPDATE tags SET name = 'changed' WHERE id = 3");
      Cli.Result changed =
          s3.cli("compare", location.toString(), "--url", source.uri(), "--content");

      assertSucceeds(same);
      assertEquals(ErrorCode.INTEGRITY.exitStatus(), changed.exitCode(), changed::all);
      assertTrue(changed.out().contains("public.tags"), changed.out());
    }
  }

  @OnOneServer
  void aDrillOfASnapshotInABucketPasses(PgServer server, @TempDir Path dir) throws IOException {
    try (TestDatabase source = server.createDatabase(SMALL)) {
      S3Location location = upload(export(source, dir), "drill");

      Cli.Result r = s3.cli("drill", location.toString(), "--url", source.uri(), "--json");

      assertSucceeds(r);
      JsonNode json = JSON.readTree(r.out());
      assertEquals(location.toString(), json.get("snapshot").asText());
      assertTrue(json.get("passed").asBoolean());
      assertTrue(json.get("contentChecked").asBoolean());
      assertEquals(3020, json.get("rows").asLong());
    }
  }

  @OnOneServer
  void theS3EndpointOptionNamesTheServerOverTheEnvironments(PgServer server, @TempDir Path dir) {
    try (TestDatabase source = server.createDatabase(SMALL)) {
      S3Location location = upload(export(source, dir), "endpoint");
      // The environment names a port nothing listens on; only the option reaches the server.
      URI nowhere = URI.create("http://127.0.0.1:1");

      for (String command : List.of("verify", "inspect")) {
        Cli.Result withOption;
        Cli.Result without;
        try (S3Server.Properties chain = s3.standardChain(nowhere, S3Server.SECRET_KEY)) {
          withOption =
              Cli.run(command, location.toString(), "--s3-endpoint", s3.endpoint().toString());
          without = Cli.run(command, location.toString());
        }

        assertSucceeds(withOption);
        assertEquals(ErrorCode.CONNECTION.exitStatus(), without.exitCode(), without::all);
        assertTrue(without.err().contains(nowhere.toString()), without.err());
      }
    }
  }

  private static String[] args(String command, String snapshot, List<String> options) {
    String[] args = new String[options.size() + 2];
    args[0] = command;
    args[1] = snapshot;
    for (int i = 0; i < options.size(); i++) {
      args[i + 2] = options.get(i);
    }
    return args;
  }
}
