package io.pgsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.testsupport.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The command lines of verify and status: help, defaults and usage errors. */
class VerifyAndStatusUsageTest {
  @Test
  void topLevelHelpListsVerifyAndStatus() {
    Cli.Result r = Cli.run("--help");
    assertTrue(r.out().contains("\n  verify "), r.out());
    assertTrue(r.out().contains("\n  status "), r.out());
  }

  @Test
  void verifyHelpNamesItsOptionsAndExitStatuses() {
    Cli.Result r = Cli.run("verify", "--help");
    assertEquals(0, r.exitCode());
    for (String text :
        new String[] {"SNAPSHOT", "--deep", "--json", "--quiet", "  3   ", "  7   "}) {
      assertTrue(r.out().contains(text), () -> text + " in\n" + r.out());
    }
  }

  @Test
  void statusHelpShowsItsDefaultsAndExitStatuses() {
    Cli.Result r = Cli.run("status", "--help");
    assertEquals(0, r.exitCode());
    String text = r.out().replaceAll("\\s+", " "); // help text wraps anywhere
    for (String expected :
        new String[] {"(default: backups)", "(default: 26h)", "--verify", " 4 alert"}) {
      assertTrue(text.contains(expected), () -> expected + " in\n" + r.out());
    }
  }

  @Test
  void verifyWithoutASnapshotIsAUsageError() {
    Cli.Result r = Cli.run("verify");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("SNAPSHOT"), r.err());
  }

  @Test
  void aMalformedMaxAgeIsAUsageError() {
    Cli.Result r = Cli.run("status", "--max-age", "a while");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("'a while' is not a duration"), r.err());
  }

  @Test
  void aZeroMaxAgeIsAUsageError() {
    Cli.Result r = Cli.run("status", "--max-age", "0s");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("--max-age must be positive"), r.err());
  }

  @Test
  void anS3LocationIsRefusedWhereOnlyALocalFolderIsTakenAndNeverBecomesAFolder() {
    Cli.Result r =
        Cli.run(
            "restore",
            "backups/shop-20240101T000000Z",
            "--safety-snapshot-dir",
            "s3://backups/prod",
            "--dry-run");

    assertEquals(2, r.exitCode(), r.all());
    assertTrue(
        r.err()
            .contains(
                "'s3://backups/prod' is in object storage, where export writes snapshots and every"
                    + " command that reads them looks for them; this option takes a local folder"
                    + " or file"),
        r.err());
    assertFalse(Files.exists(Path.of("s3:")), "a local folder named s3: was created");
  }
}
