package io.pgsnap.cli;

import io.pgsnap.ErrorCode;
import io.pgsnap.SnapshotFiles;
import io.pgsnap.VerifyOptions;
import io.pgsnap.VerifyResult;
import io.pgsnap.VerifyResult.Problem;
import io.pgsnap.crypto.VerificationKey;
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

/** {@code pgsnap verify}: the offline integrity check of one snapshot. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Check a snapshot offline: the manifest against its schema, every file's size and SHA-256"
          + " against the manifest and SHA256SUMS, the overall checksum, and files missing,"
          + " extra, empty or truncated. Every problem is reported, one line each.",
      "--deep also decompresses every file and counts its rows against the manifest."
    },
    sortOptions = false,
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:the snapshot verifies",
      "2:the path is not a snapshot folder, or the s3:// location is malformed",
      "3:verification found problems (with --require-signature also: unsigned, signed by"
          + " another key, or changed after signing)",
      "5:the object storage server cannot be reached, or the connection was lost",
      "7:the folder is missing or cannot be read; for s3://, no credentials, the bucket is"
          + " missing or access is denied",
      "8:the --require-signature key file holds no usable public key"
    })
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "SNAPSHOT",
      description = {
        "The snapshot folder, e.g. backups/appdb-20261123T091545Z,",
        S3Options.LOCATION
      })
  String snapshot;

  @Option(
      names = "--deep",
      description = "Also decompress every file and count its rows (reads and parses everything).")
  boolean deep;

  @Mixin SignatureOption signature;

  @ParentCommand Main main;

  @Mixin S3Options s3;

  @Mixin KeyOptions key;

  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    VerificationKey signer = signature.key();
    VerifyOptions options =
        new VerifyOptions(deep)
            .withRequiredSigner(signer)
            .withDecryption(key.resolve(main.environment(), err));
    VerifyResult result;
    try (Progress progress = Progress.forTerminal(err, output.quiet, "Verifying")) {
      result = SnapshotFiles.verify(snapshot, s3.settings(), options, progress);
    }
    if (output.json) {
      out.println(toJson(result));
    } else {
      for (Problem p : result.problems()) {
        out.println(p.line());
      }
      if (!output.quiet) {
        signatureLine(result, signer).ifPresent(out::println);
        out.println(summary(result));
      }
    }
    out.flush();
    return result.ok() ? 0 : ErrorCode.INTEGRITY.exitStatus();
  }

  private static Optional<String> signatureLine(VerifyResult r, VerificationKey signer) {
    return switch (r.signature()) {
      case NONE -> Optional.empty();
      case NOT_CHECKED -> Optional.of("signed (not checked: pass --require-signature)");
      case GOOD -> Optional.of("signature: good, by " + signer);
      case REFUSED -> Optional.of("signature: refused, not a good signature by " + signer);
    };
  }

  private static String summary(VerifyResult r) {
    String checked =
        r.filesChecked()
            + (r.filesChecked() == 1 ? " file, " : " files, ")
            + Sizes.human(r.bytesRead())
            + " read"
            + (r.deep() ? String.format(Locale.ROOT, ", %,d rows counted", r.rowsCounted()) : "")
            + " in "
            + Sizes.duration(r.elapsed());
    if (r.ok()) {
      return r.id() + ": OK (" + checked + ")";
    }
    int n = r.problems().size();
    return r.id()
        + ": FAILED verification, "
        + n
        + (n == 1 ? " problem" : " problems")
        + " ("
        + checked
        + ")";
  }

  private static String toJson(VerifyResult r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("snapshot", r.snapshot());
    json.put("id", r.id());
    json.put("ok", r.ok());
    json.put("deep", r.deep());
    json.put("filesChecked", r.filesChecked());
    json.put("bytesRead", r.bytesRead());
    if (r.deep()) {
      json.put("rowsCounted", r.rowsCounted());
    }
    json.put("signature", r.signature().name());
    json.put("durationMs", r.elapsed().toMillis());
    json.put("problems", JsonOutput.problems(r.problems()));
    return JsonOutput.line(json);
  }
}
