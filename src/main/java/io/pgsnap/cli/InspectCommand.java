package io.pgsnap.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.pgsnap.SnapshotFiles;
import io.pgsnap.crypto.Decryption;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.ManifestJson;
import io.pgsnap.snapshot.SnapshotSource;
import io.pgsnap.snapshot.TableInspection;
import io.pgsnap.storage.SnapshotAccess;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
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
      description = {
        "The snapshot folder, as export printed it (backups/<db>-<time>),",
        S3Options.LOCATION
      })
  String snapshot;

  @Option(
      names = "--ddl",
      paramLabel = "TABLE",
      description =
          "Print the SQL script that creates one table in an empty database instead, as restore"
              + " --create would, without the rows: what the snapshot's tables use (extensions,"
              + " schemas, types, functions), the table, its keys and indexes, then its triggers,"
              + " rules, row-level security, policies, comments, grants and owner. TABLE is"
              + " schema.table, or table when the name is unique; double-quote names with"
              + " upper-case letters or spaces ('\"Mixed Case\"').")
  String ddlTable;

  @Option(
      names = "--ddl-all",
      description =
          "Print the script that creates every table of the snapshot in an empty database, usable"
              + " where pg_dump is missing (roles are not created). With --json: {\"script\": ...}.")
  boolean ddlAll;

  @ParentCommand Main main;

  @Mixin S3Options s3;

  @Mixin KeyOptions key;

  @Mixin OutputOptions output;

  @Override
  public Integer call() throws JsonProcessingException {
    if (ddlTable != null && ddlAll) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--ddl and --ddl-all exclude each other: give one");
    }
    Optional<Decryption> decryption = key.resolve(main.environment(), spec.commandLine().getErr());
    try (SnapshotAccess access = s3.access(snapshot, decryption)) {
      print(access.source(), spec.commandLine().getOut());
    }
    return 0;
  }

  private void print(SnapshotSource snapshot, PrintWriter out) throws JsonProcessingException {
    if (ddlTable != null && output.json) {
      TableInspection table = SnapshotFiles.inspectTable(snapshot, ddlTable);
      out.println(
          ManifestJson.newMapper()
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(table.table().ddl()));
    } else if (ddlTable != null || ddlAll) {
      String script = SnapshotFiles.creationScript(snapshot, ddlTable);
      if (output.json) {
        out.println(
            ManifestJson.newMapper()
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(Map.of("script", script)));
      } else {
        out.print(script);
      }
    } else {
      Manifest manifest = SnapshotFiles.inspect(snapshot);
      if (output.json) {
        out.print(new String(new ManifestJson().toBytes(manifest), StandardCharsets.UTF_8));
      } else {
        InspectReport.lines(manifest, snapshot).forEach(out::println);
      }
    }
    out.flush();
  }
}
