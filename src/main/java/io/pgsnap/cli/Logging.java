package io.pgsnap.cli;

import java.util.Arrays;

/**
 * Sets up SLF4J's simple logger before the first logger exists: warnings only by default, debug
 * with {@code --verbose}, errors only with {@code --quiet}; always on standard error.
 */
final class Logging {
  private Logging() {}

  static void configure(String[] args) {
    boolean verbose = Arrays.asList(args).contains("--verbose");
    boolean quiet = Arrays.asList(args).contains("--quiet");
    String level = verbose ? "debug" : quiet ? "error" : "warn";
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", level);
    setIfAbsent("org.slf4j.simpleLogger.log.com.zaxxer.hikari", verbose ? "info" : "warn");
    setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
    setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
    setIfAbsent("org.slf4j.simpleLogger.levelInBrackets", "true");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
