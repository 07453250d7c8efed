package io.pgsnap.cli;

import java.util.Arrays;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sets up SLF4J's simple logger before the first logger exists: warnings only by default, debug
 * with {@code --verbose}, errors only with {@code --quiet}; always on standard error. The JDBC
 * driver's java.util.logging output goes the same way.
 */
final class Logging {
  private Logging() {}

  static void configure(String[] args) {
    boolean verbose = Arrays.asList(args).contains("--verbose");
    boolean quiet = Arrays.asList(args).contains("--quiet");
    String level = verbose ? "debug" : quiet ? "error" : "warn";
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", level);
    setIfAbsent("org.slf4j.simpleLogger.log.com.zaxxer.hikari", verbose ? "info" : "warn");
    // The pool warns, with a stack trace, of every connection it finds broken; pgsnap has already
    // said in its own words what broke it (the server gone, memory run out mid-message).
    setIfAbsent(
        "org.slf4j.simpleLogger.log.com.zaxxer.hikari.pool.ProxyConnection",
        verbose ? "info" : "error");
    setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
    setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
    setIfAbsent("org.slf4j.simpleLogger.levelInBrackets", "true");
    // The JDBC driver logs through java.util.logging (e.g. a SEVERE line for every failed host
    // name check); route it through the same levels instead of printing it as it is.
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
