package io.pgsnap.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.pgsnap.CompareOptions;
import io.pgsnap.ErrorCode;
import io.pgsnap.Pgsnap;
import io.pgsnap.SnapshotFiles;
import io.pgsnap.crypto.Decryption;
import io.pgsnap.db.ConnectionSettings;
import io.pgsnap.snapshot.SnapshotSource;
import io.pgsnap.storage.SnapshotAccess;
import io.pgsnap.verify.Comparison;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code pgsnap compare}: a validation run of a snapshot against the database or a snapshot. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Compare a snapshot with the live database, table by table: row counts (all from one"
          + " consistent database snapshot), tables on one side only, tables whose columns"
          + " changed, and schema drift: DDL, triggers, rules, policies, row-level security,"
          + " grants, comments, storage parameters, replica identity, owner, and the types,"
          + " domains, functions, collations and extensions the tables use. The tables"
          + " compared are those the snapshot's own selection selects.",
      "With --content, also recompute every table's content fingerprint from the database"
          + " and compare it with the snapshot's: a changed value shows even when the row count"
          + " is equal; --keys N names up to N keys of the rows that differ.",
      "With a second snapshot B, compare the two offline: rows, columns, content fingerprints"
          + " (checksums when either snapshot has none), DDL, attached objects and what the"
          + " tables use.",
      "Exit status 0 when everything is equal, 3 when anything differs."
    },
    sortOptions = false)
final class CompareCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "SNAPSHOT",
      description = {"The snapshot folder (A),", S3Options.LOCATION})
  String snapshot;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "B",
      description =
          "A second snapshot to compare with, instead of the database: a folder or an s3://"
              + " location.")
  String other;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--estimate",
      description =
          "Take the database's row counts from the planner's statistics (pg_class.reltuples):"
              + " instant on huge tables, but only as good as the last ANALYZE.")
  boolean estimate;

  @Option(
      names = "--tolerance",
      paramLabel = "PERCENT",
      description =
          "With --estimate: how far an estimate may be from the snapshot's rows and still count"
              + " as equal (default: 5).")
  Double tolerancePercent;

  @Option(
      names = "--content",
      description =
          "Also read every row and compare each table's content fingerprint with the"
              + " snapshot's, all in one consistent database snapshot: reports tables whose"
              + " values differ even when their row counts are equal.")
  boolean content;

  @Option(
      names = "--keys",
      paramLabel = "N",
      description =
          "With --content: for each table whose content differs and that has a primary key,"
              + " name up to N keys of the rows that differ (changed, only in snapshot, only in"
              + " database).")
  Integer keys;

  @Mixin S3Options s3;

  @Mixin KeyOptions key;

  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Comparison comparison = other != null ? compareSnapshots() : compareWithDatabase();
    if (output.json) {
      out.println(JsonOutput.line(ComparisonReport.json(comparison)));
    } else {
      ComparisonReport.lines(comparison, output.quiet).forEach(out::println);
    }
    out.flush();
    // A difference is the answer to the question asked, not a failure to answer it: the report
    // is printed as usual, and the exit status says "mismatch".
    return comparison.equal() ? 0 : ErrorCode.INTEGRITY.exitStatus();
  }

  private Comparison compareSnapshots() {
    if (connection.url != null) {
      throw usage("compare SNAPSHOT B compares two snapshots offline; leave out --url");
    }
    if (estimate || tolerancePercent != null) {
      throw usage(
          "--estimate and --tolerance apply to the database; compare SNAPSHOT B uses the row"
              + " counts recorded in both manifests");
    }
    if (content || keys != null) {
      throw usage(
          "--content and --keys read the database; compare SNAPSHOT B compares the content"
              + " fingerprints recorded in both manifests without them");
    }
    Optional<Decryption> decryption = key.resolve(main.environment(), spec.commandLine().getErr());
    try (SnapshotAccess a = s3.access(snapshot, decryption);
        SnapshotAccess b = s3.access(other, decryption)) {
      return SnapshotFiles.compareSnapshots(a.source(), b.source());
    }
  }

  private Comparison compareWithDatabase() {
    if (tolerancePercent != null && !estimate) {
      throw usage("--tolerance applies only with --estimate: exact counts must be equal");
    }
    if (keys != null && keys < 1) {
      throw usage("--keys N names at least 1 key, not " + keys);
    }
    // CompareOptions refuses the combinations that make no sense (--content with --estimate,
    // --keys without --content) as usage errors, for library callers too.
    CompareOptions options =
        new CompareOptions(
            estimate,
            tolerancePercent == null ? CompareOptions.DEFAULT_TOLERANCE : tolerancePercent / 100,
            content,
            keys == null ? 0 : keys);
    Optional<Decryption> decryption = key.resolve(main.environment(), spec.commandLine().getErr());
    try (SnapshotAccess access = s3.access(snapshot, decryption)) {
      // A broken or tampered snapshot is refused before anything connects to the database.
      access.source().open().checkAllFiles();
      return compareWithDatabase(access.source(), options);
    }
  }

  private Comparison compareWithDatabase(SnapshotSource snapshot, CompareOptions options) {
    PrintWriter err = spec.commandLine().getErr();
    ConnectionSettings settings = connection.resolve(err, main.environment());
    try (HikariDataSource pool = settings.openPool("pgsnap-compare", 1);
        Progress progress =
            Progress.forTerminal(err, output.quiet || estimate, content ? "Reading" : "Counting")) {
      Comparison comparison = Pgsnap.using(pool).withProgress(progress).compare(snapshot, options);
      progress.close();
      return comparison;
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
