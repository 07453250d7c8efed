package io.pgsnap.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsnap.ErrorCode;
import io.pgsnap.ExportOptions;
import io.pgsnap.Pgsnap;
import io.pgsnap.snapshot.OperationLog;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.Snapshots;
import io.pgsnap.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** {@code pgsnap prune} on snapshots that export made from a real server. */
class PruneIT {
  @TempDir Path out;

  private static Clock at(String time) {
    return Clock.fixed(Instant.parse(time), ZoneOffset.UTC);
  }

  @OnOneServer
  void keepsTheNewestSnapshotOfEachDayAndRemovesTheRest(PgServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      db.execute("CREATE TABLE t (id integer)", "INSERT INTO t SELECT generate_series(1, 100)");
      for (String time :
          List.of("2025-03-01T03:00:00Z", "2025-03-01T15:00:00Z", "2025-03-02T03:00:00Z")) {
        Pgsnap.using(db.dataSource()).withClock(at(time)).export(ExportOptions.defaults(out));
      }
      String first = db.name() + "-20250301T030000Z";
      String second = db.name() + "-20250301T150000Z";
      String third = db.name() + "-20250302T030000Z";
      String pad = " ".repeat(first.length() - "SNAPSHOT".length());
      String table =
          "ACTION  SNAPSHOT"
              + pad
              + "  CREATED (UTC)        REASONS\n"
              + "keep    "
              + third
              + "  2025-03-02 03:00:00  last snapshot, daily snapshot\n"
              + "keep    "
              + second
              + "  2025-03-01 15:00:00  daily snapshot\n"
              + "remove  "
              + first
              + "  2025-03-01 03:00:00  no rule keeps it\n";
      Clock now = at("2025-03-02T06:00:00Z");

      Cli.Result dry =
          Cli.run(
              now, "prune", "--keep-last", "1", "--keep-daily", "2", "--dry-run", out.toString());
      assertEquals(0, dry.exitCode(), dry.err());
      assertEquals(table, dry.out());
      assertEquals(List.of(first, second, third, OperationLog.FILE_NAME), sorted(out));

      Cli.Result real =
          Cli.run(now, "prune", "--keep-last", "1", "--keep-daily", "2", out.toString());
      assertEquals(0, real.exitCode(), real.err());
      assertEquals(table, real.out());
      assertTrue(
          real.err()
              .startsWith(
                  "applying policy: keep 1 latest, 2 daily snapshots\nremoved 1 snapshot (freed "),
          real.err());
      assertEquals(List.of(second, third, OperationLog.FILE_NAME), sorted(out));

      List<String> log = Files.readAllLines(out.resolve(OperationLog.FILE_NAME));
      JsonNode last = new ObjectMapper().readTree(log.get(log.size() - 1));
      assertEquals("prune", last.get("command").asText());
      assertEquals("success", last.get("outcome").asText());
      assertEquals("2025-03-02T06:00:00Z", last.get("time").asText());
      assertEquals(2, last.get("kept").asInt());
      assertEquals(1, last.get("removed").asInt());
      assertTrue(last.get("freedBytes").asLong() > 0);
      assertEquals(5, log.size(), "three exports and two prunes");

      Cli.Result list = Cli.run(now, "list", "--json", out.toString());
      JsonNode listed = new ObjectMapper().readTree(list.out());
      assertEquals(2, listed.size());
      assertEquals(third, listed.get(0).get("id").asText());
      assertEquals(100, listed.get(0).get("rows").asLong());

      Cli.Result noPolicy = Cli.run(now, "prune", out.toString());
      assertEquals(ErrorCode.USAGE.exitStatus(), noPolicy.exitCode());
      assertEquals(List.of(second, third, OperationLog.FILE_NAME), sorted(out));
    }
  }

  /** The entries of {@code dir}, snapshots in time order, the log last. */
  private static List<String> sorted(Path dir) {
    return Snapshots.entries(dir).stream()
        .sorted(
            (a, b) ->
                a.equals(OperationLog.FILE_NAME)
                    ? 1
                    : b.equals(OperationLog.FILE_NAME) ? -1 : a.compareTo(b))
        .toList();
  }
}
