package io.pgsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.Versions;
import io.pgsnap.db.Environment;
import io.pgsnap.testsupport.Cli;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class MainTest {
  private static Set<String> subcommandsBuiltFor(String... args) {
    return Main.commandLine(Clock.systemUTC(), Interrupts.none(), Environment.system(), args)
        .getSubcommands()
        .keySet();
  }

  @Test
  void eachSubcommandIsRegisteredUnderItsOwnCommandName() {
    for (Map.Entry<String, Class<?>> e : Main.SUBCOMMANDS.entrySet()) {
      assertEquals(e.getKey(), e.getValue().getAnnotation(Command.class).name());
    }
  }

  @Test
  void aRunOfOneSubcommandBuildsThatSubcommandAlone() {
    assertEquals(Set.of("export"), subcommandsBuiltFor("export", "--url", "postgresql://h/db"));
    assertEquals(Set.of("verify"), subcommandsBuiltFor("verify", "--help"));
  }

  @Test
  void helpNoArgumentsAndUnknownNamesBuildEverySubcommand() {
    Set<String> all = Main.SUBCOMMANDS.keySet();
    assertEquals(all, subcommandsBuiltFor("--help"));
    assertEquals(all, subcommandsBuiltFor("help", "export"));
    assertEquals(all, subcommandsBuiltFor());
    assertEquals(all, subcommandsBuiltFor("exprot"));
  }

  @Test
  void theHelpCommandStillListsEverySubcommand() {
    CommandLine cl =
        Main.commandLine(
            Clock.systemUTC(), Interrupts.none(), Environment.system(), new String[] {"--help"});
    String usage = cl.getUsageMessage();
    for (String name : Main.SUBCOMMANDS.keySet()) {
      assertTrue(usage.contains("\n  " + name + " "), () -> name + " in\n" + usage);
    }
  }

  @Test
  void aMistypedSubcommandIsAUsageErrorSuggestingTheRightOne() {
    Cli.Result r = Cli.run("exprot");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("export"), r.err());
  }

  @Test
  void versionPrintsPgsnapsVersion() {
    Cli.Result r = Cli.run("--version");
    assertEquals(0, r.exitCode());
    assertTrue(r.out().startsWith("pgsnap " + Versions.pgsnap() + "\n"), r.out());
  }

  @Test
  void helpListsEveryExitStatus() {
    Cli.Result r = Cli.run("--help");
    assertEquals(0, r.exitCode());
    for (String status : new String[] {"0", "1", "2", "3", "4", "5", "6", "7"}) {
      assertTrue(
          r.out().contains("\n  " + status + "   "), () -> "status " + status + " in\n" + r.out());
    }
  }

  @Test
  void exportHelpNamesEveryOption() {
    Cli.Result r = Cli.run("export", "--help");
    assertEquals(0, r.exitCode());
    for (String option :
        new String[] {
          "--url",
          "--schema",
          "--table",
          "--exclude-table",
          "--exclude-schema",
          "--format",
          "--compress",
          "--jobs",
          "--out",
          "--label",
          "--lock-wait-timeout",
          "--json",
          "--quiet",
          "--verbose"
        }) {
      assertTrue(r.out().contains(option), () -> option + " in\n" + r.out());
    }
  }

  @Test
  void anUnknownFormatIsAUsageErrorNamingTheValidOnes() {
    Cli.Result r = Cli.run("export", "--format", "xml", "--url", "postgresql://localhost/x");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("unknown format 'xml': expected csv or jsonl"), r.err());
  }

  @Test
  void anUnknownCompressionIsAUsageError() {
    Cli.Result r = Cli.run("export", "--compress", "lz4", "--url", "postgresql://localhost/x");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("expected zstd, gzip or none"), r.err());
  }

  @Test
  void zeroJobsIsAUsageError() {
    Cli.Result r = Cli.run("export", "--jobs", "0", "--url", "postgresql://localhost/x");
    assertEquals(2, r.exitCode());
    assertEquals("pgsnap: --jobs must be at least 1, not 0\n", r.err());
  }

  @Test
  void aMalformedLockWaitTimeoutIsAUsageError() {
    Cli.Result r =
        Cli.run("export", "--lock-wait-timeout", "soon", "--url", "postgresql://localhost/x");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("'soon' is not a duration"), r.err());
  }

  @Test
  void anUnknownSubcommandIsAUsageError() {
    Cli.Result r = Cli.run("backup");
    assertEquals(2, r.exitCode());
  }
}
