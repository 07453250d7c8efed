package io.pgsnap.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.pgsnap.Pgsnap;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.ManifestJson;
import io.pgsnap.snapshot.TableInspection;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pgsnap inspect}: what a snapshot holds, from its manifest. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "Describe a snapshot from its manifest: source server and database, when, options,"
            + " tables with rows and sizes, and sequences with their values. Reads no table file:"
            + " `pgsnap verify` checks them.",
    sortOptions = false)
final class InspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "SNAPSHOT",
      description = "The snapshot folder, as export printed it (backups/<db>-<time>).")
  Path snapshot;

  @Option(
      names = "--ddl",
      paramLabel = "TABLE",
      description =
          "Print one table's DDL as runnable SQL instead: schema.table, or table when the name"
              + " is unique; double-quote names with upper-case letters or spaces"
              + " ('\"Mixed Case\"').")
  String ddlTable;

  @Mixin OutputOptions output;

  @Override
  public Integer call() throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    if (ddlTable != null) {
      TableInspection table = Pgsnap.inspectTable(snapshot, ddlTable);
      if (output.json) {
        out.println(
            ManifestJson.newMapper()
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(table.table().ddl()));
      } else {
        out.print(table.script());
      }
    } else {
      Manifest manifest = Pgsnap.inspect(snapshot);
      if (output.json) {
        out.print(new String(new ManifestJson().toBytes(manifest), StandardCharsets.UTF_8));
      } else {
        InspectReport.lines(manifest, snapshot).forEach(out::println);
      }
    }
    out.flush();
    return 0;
  }
}
