package io.pgsnap.cli;

import io.pgsnap.ErrorCode;
import io.pgsnap.ExportOptions;
import io.pgsnap.ExportResult;
import io.pgsnap.Pgsnap;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.TableSelection;
import io.pgsnap.crypto.Passphrase;
import io.pgsnap.db.ConnectionSettings;
import io.pgsnap.signing.OpenPgpSigner;
import io.pgsnap.signing.SigningKeys;
import io.pgsnap.snapshot.Compression;
import io.pgsnap.snapshot.DataFormat;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.ManifestTable;
import io.pgsnap.snapshot.SnapshotSigner;
import io.pgsnap.storage.S3Location;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code pgsnap export}: a new snapshot of the selected tables. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Export tables into a new snapshot folder (or s3:// prefix) and print where it is.",
      "All tables come from one consistent database snapshot, also with --jobs."
    },
    sortOptions = false)
final class ExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ParentCommand Main main;

  @Mixin ConnectionOptions connection;

  @Option(
      names = {"-n", "--schema"},
      paramLabel = "PATTERN",
      description = "Export all tables of matching schemas (repeatable). Default: public.")
  List<String> schemas = new ArrayList<>();

  @Option(
      names = {"-t", "--table"},
      paramLabel = "PATTERN",
      description = {
        "Export matching tables (repeatable): [schema.]table with * and ? wildcards;",
        "double quotes keep case and special characters, as in pg_dump."
      })
  List<String> tables = new ArrayList<>();

  @Option(
      names = {"-T", "--exclude-table"},
      paramLabel = "PATTERN",
      description = "Leave out matching tables (repeatable).")
  List<String> excludeTables = new ArrayList<>();

  @Option(
      names = {"-N", "--exclude-schema"},
      paramLabel = "PATTERN",
      description = "Leave out the tables of matching schemas (repeatable).")
  List<String> excludeSchemas = new ArrayList<>();

  @Option(
      names = "--format",
      paramLabel = "csv|jsonl",
      defaultValue = "csv",
      converter = Converters.FormatConverter.class,
      description = "How rows are written (default: ${DEFAULT-VALUE}).")
  DataFormat format;

  @Option(
      names = "--compress",
      paramLabel = "zstd|gzip|none",
      defaultValue = "zstd",
      converter = Converters.CompressionConverter.class,
      description = "How files are compressed (default: ${DEFAULT-VALUE}).")
  Compression compression;

  @Option(
      names = {"-j", "--jobs"},
      paramLabel = "N",
      defaultValue = "1",
      description = "Tables exported in parallel, over one consistent snapshot (default: 1).")
  int jobs;

  @Option(
      names = "--split-above",
      paramLabel = "SIZE",
      defaultValue = "64MiB",
      converter = Converters.SizeConverter.class,
      description = {
        "With --jobs, split an ordinary table whose heap is at least this large (e.g. 64MiB,",
        "1GiB) into block ranges read by several workers (default: ${DEFAULT-VALUE})."
      })
  long splitAbove;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "DIR|s3://BUCKET/PREFIX",
      defaultValue = "backups",
      converter = Converters.OutLocationConverter.class,
      description = {
        "Folder that holds the snapshots (default: ${DEFAULT-VALUE}), or a prefix in",
        "S3-compatible object storage: the snapshot goes to PREFIX/ID/, uploaded as it is written."
      })
  String out;

  @Option(names = "--label", paramLabel = "TEXT", description = "A label kept in the manifest.")
  String label;

  @Option(
      names = "--lock-wait-timeout",
      paramLabel = "DURATION",
      converter = Converters.DurationConverter.class,
      description = "Fail if the tables cannot be locked within this time (e.g. 30s, 5m).")
  Duration lockWaitTimeout;

  @Option(
      names = "--sign-key",
      paramLabel = "KEYFILE",
      converter = Converters.LocalPathConverter.class,
      description = {
        "Sign the snapshot with this armored OpenPGP secret key (gpg --armor",
        "--export-secret-keys): SHA256SUMS.sig and manifest.json.sig, which gpg --verify checks.",
        "Its passphrase comes from --sign-passphrase-file, else PGSNAP_PASSPHRASE or",
        "--passphrase-file."
      })
  Path signKey;

  @Option(
      names = "--sign-passphrase-file",
      paramLabel = "FILE",
      converter = Converters.LocalPathConverter.class,
      description = {
        "Unlock the --sign-key with the first line of FILE, not with the passphrase of",
        "PGSNAP_PASSPHRASE or --passphrase-file (which --encrypt would also encrypt with)."
      })
  Path signPassphraseFile;

  @Mixin S3Options s3;

  @Mixin EncryptOptions encryption;

  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    // The key is tried before anything is exported: a wrong passphrase costs no export.
    if (signPassphraseFile != null && signKey == null) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "--sign-passphrase-file only applies with --sign-key: add --sign-key KEYFILE, or leave"
              + " it out");
    }
    SnapshotSigner signer = signKey == null ? null : signer(err);
    ExportOptions options =
        new ExportOptions(
            S3Location.isS3(this.out) ? ExportOptions.DEFAULT_OUT_DIR : Path.of(this.out),
            new TableSelection(schemas, tables, excludeSchemas, excludeTables),
            format,
            compression,
            jobs,
            label,
            lockWaitTimeout,
            splitAbove,
            encryption.resolve(main.environment(), err, main.clock().instant(), signKey != null),
            signer);
    ConnectionSettings settings = connection.resolve(err, main.environment());
    // Lazy, so that a bucket that refuses writes is reported before the database is reached.
    try (LazyPool pool = new LazyPool(settings, "pgsnap-export", jobs + 1);
        Progress progress = Progress.forTerminal(err, output.quiet, "Exporting")) {
      Pgsnap pgsnap =
          Pgsnap.using(pool)
              .withProgress(progress)
              .withCancellation(main.interrupts().cancellation());
      ExportResult result =
          main.interrupts()
              .during(
                  () ->
                      S3Location.isS3(this.out)
                          ? pgsnap.export(S3Location.parse(this.out), s3.settings(), options)
                          : pgsnap.export(options));
      progress.close();
      if (output.json) {
        out.println(toJson(result, options.encryption().isPresent()));
      } else {
        out.println(result.location());
        if (!output.quiet) {
          Manifest m = result.manifest();
          err.printf(
              "exported %d tables, %,d rows, %s (%s uncompressed) in %s%n",
              m.totals().tables(),
              m.totals().rows(),
              Sizes.human(m.totals().storedBytes()),
              Sizes.human(m.totals().rawBytes()),
              Sizes.duration(result.elapsed()));
        }
      }
      out.flush();
      err.flush();
      return 0;
    }
  }

  private SnapshotSigner signer(PrintWriter err) {
    Optional<Passphrase> passphrase =
        signPassphraseFile != null
            ? Optional.of(PassphraseOption.fromFile(signPassphraseFile, err))
            : encryption.passphrase.resolve(main.environment(), err);
    return OpenPgpSigner.of(SigningKeys.secretKey(signKey, passphrase, "--sign-key"), main.clock());
  }

  private static String toJson(ExportResult result, boolean encrypted) {
    Manifest m = result.manifest();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("snapshot", result.location());
    json.put("id", m.id());
    json.put("label", m.label());
    json.put("tables", m.totals().tables());
    json.put("rows", m.totals().rows());
    json.put("storedBytes", m.totals().storedBytes());
    json.put("rawBytes", m.totals().rawBytes());
    json.put("durationMs", result.elapsed().toMillis());
    json.put("overallChecksum", m.overallChecksum());
    json.put("encrypted", encrypted);
    List<Map<String, Object>> tables = new ArrayList<>();
    // One row per file: a table stored in parts has one per part.
    for (ManifestTable t : m.tables().stream().flatMap(t -> t.fileEntries().stream()).toList()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("schema", t.schema());
      row.put("name", t.name());
      row.put("file", t.file());
      row.put("rows", t.rows());
      row.put("storedBytes", t.storedBytes());
      row.put("sha256", t.sha256());
      tables.add(row);
    }
    json.put("tableFiles", tables);
    return JsonOutput.line(json);
  }
}
