package io.pgsnap.cli;

import picocli.CommandLine.Option;

/** Options every command has for how much it prints. */
final class OutputOptions {
  @Option(names = "--json", description = "Print a machine-readable result on standard output.")
  boolean json;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print only the result and errors: no progress, no summary.")
  boolean quiet;

  @Option(
      names = {"-v", "--verbose"},
      description = "Print debug logging, and stack traces with errors.")
  boolean verbose;
}
