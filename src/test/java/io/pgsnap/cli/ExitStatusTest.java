package io.pgsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.testsupport.Cli;
import org.junit.jupiter.api.Test;

/** Usage errors of compare and inspect exit with status 2, as {@code pgsnap --help} promises. */
class ExitStatusTest {
  @Test
  void anUnknownOptionOrCommandIsAUsageError() {
    assertEquals(2, Cli.run("inspect", "--bogus", "x").exitCode());
    assertEquals(2, Cli.run("no-such-command").exitCode());
  }

  @Test
  void aMissingSnapshotArgumentIsAUsageError() {
    Cli.Result r = Cli.run("compare");

    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("SNAPSHOT"), r::all);
  }

  @Test
  void compareOfTwoSnapshotsRefusesDatabaseOptions() {
    Cli.Result r = Cli.run("compare", "a", "b", "--estimate");

    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("--estimate and --tolerance apply to the database"), r::all);
  }

  @Test
  void theHelpListsCompareAndInspect() {
    String help = Cli.run("--help").out();

    assertTrue(help.contains("compare"), help);
    assertTrue(help.contains("inspect"), help);
  }
}
